package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.channel.WorkingHours;
import dev.openlines.channel.WorkingHours.OpenInterval;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.testing.RestartableApplication;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client who wrote outside working hours and waits for the channel to open still waits for it after a
 * restart, next to an operator who is online: the recreated process reads the hours again instead of
 * routing the conversation as if the channel were open.
 */
class HeldUntilOpeningRestartTest {

  static final Duration WAIT = RestartableApplication.WAIT;

  @TempDir Path dir;

  @Test
  void aClientHeldUntilTheOpeningStillWaitsForItAfterARestart() {
    String anna = "anna-" + UUID.randomUUID();
    String conversationId;
    ZonedDateTime opening;
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      OperatorService operators = before.bean(OperatorService.class);
      operators.create(new Operator(anna, "Anna", Set.of()));
      operators.changePresence(anna, Presence.ONLINE);
      String channel = "held-" + UUID.randomUUID();
      before.bean(ChannelService.class).save(new OpenChannel(channel, "Held", ZoneId.of("UTC"),
          new QueueSettings(List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(2), 2,
              LimitExclusion.CLOSED, true)));
      // Open only one hour, two days from now: closed now, whatever the engine's clock says.
      opening = before.bean(Clock.class).instant().atZone(ZoneOffset.UTC).plusDays(2).withHour(9).withMinute(0).withSecond(0).withNano(0);
      before.bean(ChannelLifecycleSettingsService.class).save(new ChannelLifecycleSettings(channel, new WorkingHours("UTC",
          Map.of(opening.getDayOfWeek(), List.of(new OpenInterval(LocalTime.of(9, 0), LocalTime.of(10, 0)))), List.of()), null, null));
      ConnectorSettings connector = before.bean(ConnectorSettingsService.class).create(new ConnectorSettings(null, channel,
          "livechat", ConnectorSettings.DEFAULT_MAX_ATTACHMENT_BYTES, null, new LiveChatSettings(false, null)));
      conversationId = before.bean(InboundMessageService.class).receive(new InboundMessage("livechat", connector.id(),
          "ext-" + UUID.randomUUID(), "visitor-" + UUID.randomUUID(), new InboundMessage.ClientProfile("Nia", null, null, "en"),
          "Are you open?", List.of(), false, before.bean(Clock.class).instant()), connector).conversationId();
      long key = await().atMost(WAIT).until(() -> before.conversation(conversationId).getProcessInstanceKey(), k -> k != null);
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(before.engine(), key).isWaitingAtElements("wait-for-opening"));
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      ZeebeTestEngine engine = after.engine();
      long key = after.awaitRecovered(conversationId);
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, key)
          .hasPassedElementsInOrder("check-working-hours-again", "open-after-change")
          .isWaitingAtElements("wait-for-opening"));
      assertThat(after.openOffers(conversationId)).isEmpty();
      assertThat(after.conversation(conversationId).getDeadlines().reopensAt()).isEqualTo(opening.toInstant());

      engine.increaseTime(Duration.between(after.bean(Clock.class).instant(), opening.toInstant()).plusMinutes(1));
      await().atMost(WAIT).until(() -> after.openOffers(conversationId).equals(List.of(anna)));
    }
  }
}
