package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.testing.SupportDesk;
import dev.openlines.testing.SupportDesks;
import dev.openlines.testing.TestMessenger;
import dev.openlines.workflow.Workflow;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The conversation process's automatic texts (here the consent notice, then the greeting, both set by the
 * admin) reach the client through the messenger of the connector the client wrote on: delivered,
 * refused for good, or retried in the background without holding the process up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SendMessageProcessTest {

  static final Duration WAIT = SupportDesk.WAIT;
  static final InboundMessage.ClientProfile ANONYMOUS = new InboundMessage.ClientProfile(null, null, null, null);

  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationMessageStore messages;
  @Autowired TestMessenger messenger;
  @Autowired ConversationAddresses addresses;
  @Autowired OutboundQueue queue;
  @Autowired ClientConversations clients;
  @Autowired SupportDesks desks;

  SupportDesk desk;
  String anna;
  /** Chosen before the client writes, so that deliveries to them can be told to fail. */
  String clientId;

  @BeforeEach
  void desk() {
    desk = desks.open();
    anna = desk.operator("Anna");
    clientId = "client-" + UUID.randomUUID();
  }

  /** Anna's channel with these automatic texts (null: none). */
  String channel(String consentNotice, String greeting) {
    String channel = desk.channel("texts", anna);
    Map<String, Object> texts = new HashMap<>();
    texts.put("consentNotice", consentNotice);
    texts.put("greeting", greeting);
    desk.lifecycle(channel, Map.of("automaticActions", texts));
    return channel;
  }

  Started clientWrites(String channel) {
    return clients.start(channel, clientId, ANONYMOUS);
  }

  void eventually(Started c, ThrowingConsumer<ProcessInstanceAssert> check) {
    await().atMost(WAIT).untilAsserted(() -> check.accept(assertThatProcess(engine, c.key())));
  }

  /** What the conversation's steps sent (the client's own messages left out). */
  List<ConversationMessage> systemMessages(String conversationId) {
    return messages.history(conversationId).stream().filter(m -> m.getAuthor() == MessageAuthor.SYSTEM).toList();
  }

  void awaitOfferedToAnna(Started c) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(desk.openOffers(c.conversationId())).containsExactly(anna));
  }

  @Test
  void theChannelsTextsReachTheClientThroughItsConnector() {
    Started c = clientWrites(channel("We store this chat.", "Hello! An operator will be with you shortly."));
    String id = c.conversationId();

    awaitOfferedToAnna(c);
    eventually(c, p -> p.hasPassedElementsInOrder("send-consent-notice", "send-greeting", "welcome-texts-done"));
    assertThat(messenger.deliveredTo(id)).extracting(OutboundMessage::text)
        .containsExactly("We store this chat.", "Hello! An operator will be with you shortly.");
    OutboundMessage greeting = messenger.deliveredTo(id).getLast();
    assertThat(greeting.connectorId()).isEqualTo(ClientConversations.connector(c.channelId()).id());
    assertThat(greeting.clientId()).isEqualTo(clientId);
    assertThat(systemMessages(id)).hasSize(2).allSatisfy(message ->
        assertThat(message.getDelivery()).isEqualTo(DeliveryStatus.DELIVERED));
    assertThat(systemMessages(id)).extracting(ConversationMessage::getId).containsExactlyInAnyOrder(
        messenger.deliveredTo(id).stream().map(OutboundMessage::messageId).toArray(String[]::new));
    assertThat(variable(engine, c.key(), Workflow.Variable.MESSAGE_SENT)).contains(true);
  }

  @Test
  void aSwitchedOffGreetingSendsNothing() {
    Started c = clientWrites(channel("Only this.", "  "));

    awaitOfferedToAnna(c);
    eventually(c, p -> p.hasPassedElementsInOrder("send-consent-notice", "send-greeting", "welcome-texts-done"));
    assertThat(messenger.deliveredTo(c.conversationId())).extracting(OutboundMessage::text).containsExactly("Only this.");
    assertThat(systemMessages(c.conversationId())).hasSize(1);
  }

  @Test
  void aRefusedMessageIsRecordedOnTheConversationAndTheProcessGoesOn() {
    messenger.failNext(clientId, DeliveryException.permanent("Forbidden: bot was blocked by the user"));
    Started c = clientWrites(channel("We store this chat.", "Still there?"));
    String id = c.conversationId();

    awaitOfferedToAnna(c);
    eventually(c, p -> p.hasPassedElementsInOrder("send-consent-notice", "send-greeting", "welcome-texts-done").hasNoIncidents());
    assertThat(messenger.attemptsFor(id)).as("a refusal is not retried").isEqualTo(2);
    assertThat(messenger.deliveredTo(id)).extracting(OutboundMessage::text).containsExactly("Still there?");
    Conversation stored = conversations.findById(id).orElseThrow();
    assertThat(stored.getLastDeliveryFailure().permanent()).isTrue();
    assertThat(stored.getLastDeliveryFailure().reason()).contains("blocked by the user");
    assertThat(systemMessages(id)).hasSize(2).filteredOn(message -> message.getText().equals("We store this chat.")).singleElement()
        .satisfies(message -> {
          assertThat(message.getDelivery()).isEqualTo(DeliveryStatus.REFUSED);
          assertThat(message.getDeliveryError()).contains("blocked by the user");
          assertThat(message.getId()).isEqualTo(stored.getLastDeliveryFailure().messageId());
        });
    // The last step's outcome: the greeting went out; the consent notice's refusal was reported by its step.
    assertThat(variable(engine, c.key(), Workflow.Variable.MESSAGE_SENT)).contains(true);
    assertThat(variable(engine, c.key(), Workflow.Variable.DELIVERY_REFUSED)).contains(false);
    assertThat(variable(engine, c.key(), Workflow.Variable.DELIVERY_ERROR)).hasValueSatisfying(error -> assertThat(error.toString()).contains("blocked"));
  }

  @Test
  void aTemporaryFailureDoesNotHoldTheProcessAndIsRetriedInTheBackgroundAfterTheMessengersRetryAfter() {
    messenger.failNext(clientId, DeliveryException.temporary("429 Too Many Requests", Duration.ofMinutes(5), null));
    Started c = clientWrites(channel("We store this chat.", "Second"));
    String id = c.conversationId();

    // The steps complete at once: the consent notice is queued, the greeting waits behind it.
    awaitOfferedToAnna(c);
    eventually(c, p -> p.hasPassedElementsInOrder("send-consent-notice", "send-greeting", "welcome-texts-done").hasNoIncidents());
    assertThat(variable(engine, c.key(), Workflow.Variable.DELIVERY_QUEUED)).contains(true);
    assertThat(systemMessages(id)).extracting(ConversationMessage::getText, ConversationMessage::getDelivery).containsExactly(
        org.assertj.core.groups.Tuple.tuple("We store this chat.", DeliveryStatus.RETRYING),
        org.assertj.core.groups.Tuple.tuple("Second", DeliveryStatus.PENDING));
    ConversationMessage notice = systemMessages(id).getFirst();
    // The messenger's retry_after, counted from the failed attempt (just after the message was stored).
    assertThat(notice.getNextDeliveryAttemptAt())
        .isAfterOrEqualTo(notice.getCreatedAt().plus(Duration.ofMinutes(5)))
        .isBefore(notice.getCreatedAt().plus(Duration.ofMinutes(6)));
    Conversation shown = conversations.findById(id).orElseThrow();
    assertThat(shown.getLastDeliveryFailure().permanent()).isFalse();
    assertThat(shown.getLastDeliveryFailure().reason()).isEqualTo("429 Too Many Requests");
    engine.increaseTime(Duration.ofMinutes(4));
    assertThat(messenger.attemptsFor(id)).isEqualTo(1);

    engine.increaseTime(Duration.ofMinutes(2));
    await().atMost(WAIT).until(() -> messenger.deliveredTo(id).size() == 2);
    assertThat(messenger.deliveredTo(id)).extracting(OutboundMessage::text).containsExactly("We store this chat.", "Second");
    assertThat(messenger.attemptsFor(id)).isEqualTo(3);
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(systemMessages(id)).hasSize(2).allSatisfy(message -> assertThat(message.getDelivery()).isEqualTo(DeliveryStatus.DELIVERED)));
    assertThat(conversations.findById(id).orElseThrow().getLastDeliveryFailure()).isNull();
    assertThat(queue.hasWaiting(id)).isFalse();
  }

  @Test
  void aMessageStillUndeliveredAfterTheGiveUpTimeIsRefusedAndShownOnTheConversation() {
    messenger.failNext(clientId,
        DeliveryException.temporary("connection reset", Duration.ofSeconds(30), null),
        DeliveryException.temporary("connection reset again", Duration.ofSeconds(30), null));
    Started c = clientWrites(channel("We store this chat.", "Hello!"));
    String id = c.conversationId();
    eventually(c, p -> p.hasPassedElementsInOrder("send-consent-notice", "send-greeting", "welcome-texts-done").hasNoIncidents());

    engine.increaseTime(Duration.ofDays(1).plusMinutes(1));
    // The notice's second (last) attempt, then at once the greeting behind it: 2 or 3 attempts by the time we look.
    await().atMost(WAIT).until(() -> messenger.attemptsFor(id) >= 2);
    await().atMost(WAIT).untilAsserted(() -> {
      Conversation stored = conversations.findById(id).orElseThrow();
      assertThat(stored.getLastDeliveryFailure().permanent()).isTrue();
      assertThat(stored.getLastDeliveryFailure().reason()).contains("not delivered within").contains("connection reset again");
    });
    assertThat(systemMessages(id).getFirst().getDelivery()).isEqualTo(DeliveryStatus.REFUSED);
    // The greeting behind it is not held back by the refused one.
    await().atMost(WAIT).untilAsserted(() -> assertThat(messenger.deliveredTo(id)).extracting(OutboundMessage::text).containsExactly("Hello!"));
  }

  @Test
  void aConnectorTypeWithoutMessengerRaisesAnIncidentAtOnce() {
    // A connector whose type has no messenger in this build (an adapter that receives but cannot send).
    String id = clients.receiveOn(channel(null, "Hello!"), "carrier-pigeon", clientId, "Coo").conversationId();
    long key = await().atMost(WAIT).until(
        () -> conversations.findById(id).map(Conversation::getProcessInstanceKey).orElse(null), Objects::nonNull);

    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, key).hasAnyIncidents());
    assertThat(systemMessages(id)).isEmpty();
  }

  @Test
  void sendingTheSameStepTwiceDeliversAndStoresOnce(@Autowired MessageSendingService sending) throws Exception {
    Started c = clientWrites(channel(null, null));
    Conversation address = addresses.find(c.conversationId()).orElseThrow();
    String messageId = MessageSendingService.stepMessageId(c.conversationId(), "step-4711");

    sending.sendSystemMessage(address, messageId, "Once only");
    sending.sendSystemMessage(address, messageId, "Once only");

    assertThat(messenger.deliveredTo(c.conversationId())).hasSize(1);
    assertThat(systemMessages(c.conversationId())).hasSize(1);
  }

  @Test
  void aRedeliveredStepAfterARefusalRefusesAgainWithoutDelivering(@Autowired MessageSendingService sending) {
    Started c = clientWrites(channel(null, null));
    Conversation address = addresses.find(c.conversationId()).orElseThrow();
    String messageId = MessageSendingService.stepMessageId(c.conversationId(), "step-815");
    messenger.failNext(c.conversationId(), DeliveryException.permanent("chat not found"));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sending.sendSystemMessage(address, messageId, "x"))
        .isInstanceOf(MessageSendingService.MessageRefusedException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sending.sendSystemMessage(address, messageId, "x"))
        .isInstanceOf(MessageSendingService.MessageRefusedException.class);
    assertThat(messenger.attemptsFor(c.conversationId())).isEqualTo(1);
  }
}
