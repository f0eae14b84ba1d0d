package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.AutomaticActions;
import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.channel.CrmSettings;
import dev.openlines.channel.LeadCreationMode;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.connector.InboundMessage.ClientProfile;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.testing.TestMessenger;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * bpmn/conversation.bpmn with a client who blocked the bot: every automatic message is refused for
 * good (Telegram's 403 "bot was blocked by the user"), yet the conversation is routed, answered and
 * closed like any other, and the refusals are on record.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AutomaticMessageRefusedTest {

  static final Duration WAIT = Duration.ofSeconds(90);
  static final String BLOCKED = "Forbidden: bot was blocked by the user";

  @Autowired CamundaClient client;
  @Autowired ZeebeTestEngine engine;
  @Autowired ChannelService channels;
  @Autowired ChannelLifecycleSettingsService lifecycle;
  @Autowired OperatorService operators;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationMessageStore messages;
  @Autowired RoutingService routing;
  @Autowired TestMessenger messenger;
  @Autowired ClientConversations clients;

  @Test
  void aClientWhoBlockedTheBotIsStillServedAndEveryRefusalIsRecorded() {
    String prefix = UUID.randomUUID().toString().substring(0, 8);
    String anna = prefix + "-anna";
    operators.create(new Operator(anna, "Anna", Set.of()));
    operators.changePresence(anna, Presence.ONLINE);
    String channel = "blocked-" + prefix;
    OpenChannel settings = new OpenChannel(channel, "Blocked", ZoneId.of("UTC"), new QueueSettings(
        List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(2), null, LimitExclusion.CLOSED, true));
    settings.setCrm(new CrmSettings(LeadCreationMode.OFF, true, false));
    channels.save(settings);
    lifecycle.save(new ChannelLifecycleSettings(channel, null,
        new AutomaticActions("Hello!", "We store this chat.", "", "", "Goodbye.", "How did we do?"), null));

    // The client blocked the bot before writing: the first deliveries to them are refused.
    String clientId = "client-" + UUID.randomUUID();
    messenger.failNext(clientId, DeliveryException.permanent(BLOCKED), DeliveryException.permanent(BLOCKED));
    Started started = clients.start(channel, clientId, new ClientProfile(null, "+49" + System.nanoTime(), null, null));
    String id = started.conversationId();
    long key = started.key();

    // Consent notice and greeting refused: the conversation still goes to an operator.
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, key)
        .hasPassedElementsInOrder("send-consent-notice", "send-greeting", "always-open")
        .hasNoIncidents()
        .isWaitingAtElements("wait-for-one"));
    assertThat(routing.offers(id)).filteredOn(o -> o.status() == OfferStatus.OFFERED).extracting(Offer::operatorId)
        .containsExactly(anna);
    assertThat(refused(id)).containsExactlyInAnyOrder("We store this chat.", "Hello!");
    Conversation stored = conversations.findById(id).orElseThrow();
    assertThat(stored.getLastDeliveryFailure().permanent()).isTrue();
    assertThat(stored.getLastDeliveryFailure().reason()).contains("blocked by the user");

    routing.answer(id, anna);
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, key).isWaitingAtElements("conversation-closed"));

    // Closing text and rating request refused: the conversation still closes and is logged.
    messenger.failNext(id, DeliveryException.permanent(BLOCKED), DeliveryException.permanent(BLOCKED));
    client.newPublishMessageCommand().messageName(Workflow.Message.CONVERSATION_CLOSED).correlationKey(id).send().join();
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, key)
        .hasPassedElementsInOrder("send-closing-text", "send-rating-request", "save-log", "conversation-ended")
        .hasNoIncidents()
        .isCompleted());
    assertThat(refused(id)).containsExactlyInAnyOrder("We store this chat.", "Hello!", "Goodbye.", "How did we do?");
    assertThat(messenger.deliveredTo(id)).extracting(OutboundMessage::text).isEmpty();
    assertThat(messenger.attemptsFor(id)).as("no refusal is retried").isEqualTo(4);
  }

  List<String> refused(String conversationId) {
    return messages.history(conversationId).stream()
        .filter(message -> message.getDelivery() == DeliveryStatus.REFUSED)
        .peek(message -> assertThat(message.getDeliveryError()).contains("blocked by the user"))
        .map(ConversationMessage::getText)
        .toList();
  }
}
