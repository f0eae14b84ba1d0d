package dev.openlines.testing;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A channel for tests of a connector's own behaviour: ingestion refuses a message whose connector's
 * channel does not exist, so every connector under test belongs to one (its queue names an operator
 * nobody has, so nothing is offered unless the test says otherwise).
 */
public final class TestChannels {

  private TestChannels() {}

  /** A new channel; its id. */
  public static String create(ChannelService channels) {
    String id = "channel-" + UUID.randomUUID();
    channels.save(new OpenChannel(id, "Test channel", ZoneId.of("UTC"), new QueueSettings(
        List.of(QueueEntry.operator("nobody-" + UUID.randomUUID())), DistributionMode.STRICT, Duration.ofMinutes(5), null,
        LimitExclusion.CLOSED, true)));
    return id;
  }
}
