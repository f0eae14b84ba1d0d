package dev.openlines.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueSettings;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * An admin's change of a channel's distribution mode reaches the conversations already waiting in its
 * queue: their next offer is made in the new mode, although the process got the old one with its start
 * and (nobody responsible, no transfer) does not look the mode up again before deciding how to pick.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChannelModeChangeTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @Autowired InboundMessageService ingestion;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ConversationRepository conversations;
  @Autowired MongoTemplate mongo;
  @Autowired Clock clock;

  @Test
  void aConversationWaitingWhileTheModeChangesIsOfferedInTheNewMode() {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String ida = fx.operator("ida");
    operators.changePresence(ida, Presence.OFFLINE);
    String channel = fx.channel("mode-change", DistributionMode.STRICT, 1, ida);
    String id = visitorWrites(liveChat(channel));
    awaitWaiting(id);

    OpenChannel settings = channels.get(channel);
    QueueSettings queue = settings.getQueue();
    settings.setQueue(new QueueSettings(queue.entries(), DistributionMode.ALL, queue.idleTime(), queue.chatLimit(),
        queue.limitExclusion(), queue.checkAvailability()));
    channels.save(settings);
    operators.changePresence(ida, Presence.ONLINE);

    await().atMost(WAIT).until(() -> routing.offers(id).stream().anyMatch(o -> o.status() == OfferStatus.OFFERED));
    assertThat(routing.state(id).orElseThrow().getMode()).isEqualTo(DistributionMode.ALL);
  }

  ConnectorSettings liveChat(String channel) {
    return connectors.create(new ConnectorSettings(null, channel, "livechat",
        ConnectorSettings.DEFAULT_MAX_ATTACHMENT_BYTES, null, new LiveChatSettings(false, null)));
  }

  String visitorWrites(ConnectorSettings connector) {
    return ingestion.receive(new InboundMessage(connector.type(), connector.id(), "ext-" + UUID.randomUUID(),
        "visitor-" + UUID.randomUUID(), new InboundMessage.ClientProfile("Ann", null, null, "en"), "Hello", List.of(),
        false, clock.instant()), connector).conversationId();
  }

  void awaitWaiting(String conversationId) {
    await().atMost(WAIT).until(() -> routing.state(conversationId).map(ConversationRouting::getStatus).orElse(null)
        == RoutingStatus.WAITING);
    // Marked waiting by the process after the offer job: the change below happens while it waits for an operator.
    await().atMost(WAIT).until(() -> conversations.findById(conversationId)
        .map(c -> c.getStatus() == ConversationStatus.WAITING).orElse(false));
  }
}
