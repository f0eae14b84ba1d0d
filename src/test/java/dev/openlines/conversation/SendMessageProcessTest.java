package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.AutomaticActions;
import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.testing.TestMessenger;
import dev.openlines.testing.TestModels;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SendMessageProcessTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  @Autowired CamundaClient client;
  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationMessageStore messages;
  @Autowired ChannelLifecycleSettingsService settings;
  @Autowired TestMessenger messenger;
  @Autowired ConversationAddresses addresses;
  @Autowired OutboundQueue queue;

  @BeforeEach
  void deploy() {
    TestModels.deploy(client, "send-message.bpmn");
  }

  private String conversation(String connectorType, String greeting) {
    String channelId = "channel-" + UUID.randomUUID();
    settings.save(new ChannelLifecycleSettings(channelId, null,
        new AutomaticActions(greeting, null, null, null, null, null), null));
    String id = "conversation-" + UUID.randomUUID();
    conversations.save(new Conversation(id, channelId, connectorType, "connector-1", "client-7", clock.instant()));
    return id;
  }

  private long start(String conversationId, String text) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(Workflow.Variable.CONVERSATION_ID, conversationId);
    variables.put(Workflow.Variable.MESSAGE_TEXT, text);
    return client.newCreateInstanceCommand().bpmnProcessId("test-send-message").latestVersion()
        .variables(variables).send().join().getProcessInstanceKey();
  }

  /**
   * How often the engine has recorded a failure of that instance's jobs. Time travel must wait for
   * it: a backoff starts when the engine processes the failure, not when the messenger throws.
   */
  private long failuresRecorded(long instance) {
    return java.util.stream.StreamSupport.stream(RecordStream.of(engine.getRecordStreamSource()).jobRecords().spliterator(), false)
        .filter(job -> job.getIntent() == JobIntent.FAILED && job.getValue().getProcessInstanceKey() == instance)
        .count();
  }

  @Test
  void theChannelsGreetingAndTheGivenTextReachTheClientThroughItsConnector() {
    String id = conversation(TestMessenger.TYPE, "Hello! An operator will be with you shortly.");
    long instance = start(id, "Your order 42 has shipped.");

    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, instance).hasPassedElementsInOrder("send-greeting", "send-text", "sent").isCompleted());
    assertThat(messenger.deliveredTo(id)).extracting(OutboundMessage::text)
        .containsExactly("Hello! An operator will be with you shortly.", "Your order 42 has shipped.");
    OutboundMessage greeting = messenger.deliveredTo(id).getFirst();
    assertThat(greeting.connectorId()).isEqualTo("connector-1");
    assertThat(greeting.clientId()).isEqualTo("client-7");
    assertThat(messages.history(id)).hasSize(2).allSatisfy(message -> {
      assertThat(message.getAuthor()).isEqualTo(MessageAuthor.SYSTEM);
      assertThat(message.getDelivery()).isEqualTo(DeliveryStatus.DELIVERED);
    });
    assertThat(messages.history(id)).extracting(ConversationMessage::getId).containsExactlyInAnyOrder(
        messenger.deliveredTo(id).stream().map(OutboundMessage::messageId).toArray(String[]::new));
    assertThat(variable(engine, instance, Workflow.Variable.MESSAGE_SENT)).contains(true);
  }

  @Test
  void aSwitchedOffGreetingSendsNothing() {
    String id = conversation(TestMessenger.TYPE, "  ");
    long instance = start(id, "Only this.");

    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, instance).isCompleted());
    assertThat(messenger.deliveredTo(id)).extracting(OutboundMessage::text).containsExactly("Only this.");
    assertThat(messages.history(id)).hasSize(1);
  }

  @Test
  void aRefusedMessageIsRecordedOnTheConversationAndTheProcessGoesOn() {
    String id = conversation(TestMessenger.TYPE, "Hello!");
    messenger.failNext(id, DeliveryException.permanent("Forbidden: bot was blocked by the user"));
    long instance = start(id, "Still there?");

    await().atMost(WAIT).untilAsserted(() ->
        assertThatProcess(engine, instance).hasPassedElementsInOrder("send-greeting", "send-text", "sent").hasNoIncidents().isCompleted());
    assertThat(messenger.attemptsFor(id)).as("a refusal is not retried").isEqualTo(2);
    assertThat(messenger.deliveredTo(id)).extracting(OutboundMessage::text).containsExactly("Still there?");
    Conversation stored = conversations.findById(id).orElseThrow();
    assertThat(stored.getLastDeliveryFailure().permanent()).isTrue();
    assertThat(stored.getLastDeliveryFailure().reason()).contains("blocked by the user");
    assertThat(messages.history(id)).hasSize(2).filteredOn(message -> message.getText().equals("Hello!")).singleElement().satisfies(message -> {
      assertThat(message.getDelivery()).isEqualTo(DeliveryStatus.REFUSED);
      assertThat(message.getDeliveryError()).contains("blocked by the user");
      assertThat(message.getId()).isEqualTo(stored.getLastDeliveryFailure().messageId());
    });
    // The last step's outcome: the text went out; the greeting's refusal was reported by its step.
    assertThat(variable(engine, instance, Workflow.Variable.MESSAGE_SENT)).contains(true);
    assertThat(variable(engine, instance, Workflow.Variable.DELIVERY_REFUSED)).contains(false);
    assertThat(variable(engine, instance, Workflow.Variable.DELIVERY_ERROR)).hasValueSatisfying(error -> assertThat(error.toString()).contains("blocked"));
  }

  @Test
  void aTemporaryFailureDoesNotHoldTheProcessAndIsRetriedInTheBackgroundAfterTheMessengersRetryAfter() {
    String id = conversation(TestMessenger.TYPE, "Hello!");
    messenger.failNext(id, DeliveryException.temporary("429 Too Many Requests", Duration.ofMinutes(5), null));
    long instance = start(id, "Second");

    // The step completes at once: the greeting is queued, the next text waits behind it.
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, instance).hasNoIncidents().isCompleted());
    assertThat(variable(engine, instance, Workflow.Variable.DELIVERY_QUEUED)).contains(true);
    assertThat(messages.history(id)).extracting(ConversationMessage::getText, ConversationMessage::getDelivery).containsExactly(
        org.assertj.core.groups.Tuple.tuple("Hello!", DeliveryStatus.RETRYING),
        org.assertj.core.groups.Tuple.tuple("Second", DeliveryStatus.PENDING));
    ConversationMessage greeting = messages.history(id).getFirst();
    // The messenger's retry_after, counted from the failed attempt (just after the message was stored).
    assertThat(greeting.getNextDeliveryAttemptAt())
        .isAfterOrEqualTo(greeting.getCreatedAt().plus(Duration.ofMinutes(5)))
        .isBefore(greeting.getCreatedAt().plus(Duration.ofMinutes(6)));
    Conversation shown = conversations.findById(id).orElseThrow();
    assertThat(shown.getLastDeliveryFailure().permanent()).isFalse();
    assertThat(shown.getLastDeliveryFailure().reason()).isEqualTo("429 Too Many Requests");
    engine.increaseTime(Duration.ofMinutes(4));
    assertThat(messenger.attemptsFor(id)).isEqualTo(1);

    engine.increaseTime(Duration.ofMinutes(2));
    await().atMost(WAIT).until(() -> messenger.deliveredTo(id).size() == 2);
    assertThat(messenger.deliveredTo(id)).extracting(OutboundMessage::text).containsExactly("Hello!", "Second");
    assertThat(messenger.attemptsFor(id)).isEqualTo(3);
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(messages.history(id)).hasSize(2).allSatisfy(message -> assertThat(message.getDelivery()).isEqualTo(DeliveryStatus.DELIVERED)));
    assertThat(conversations.findById(id).orElseThrow().getLastDeliveryFailure()).isNull();
    assertThat(queue.hasWaiting(id)).isFalse();
  }

  @Test
  void aMessageStillUndeliveredAfterTheGiveUpTimeIsRefusedAndShownOnTheConversation() {
    String id = conversation(TestMessenger.TYPE, "Hello!");
    messenger.failNext(id,
        DeliveryException.temporary("connection reset", Duration.ofSeconds(30), null),
        DeliveryException.temporary("connection reset again", Duration.ofSeconds(30), null));
    long instance = start(id, "unused");
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, instance).hasNoIncidents().isCompleted());

    engine.increaseTime(Duration.ofDays(1).plusMinutes(1));
    // The greeting's second (last) attempt, then at once the text behind it: 2 or 3 attempts by the time we look.
    await().atMost(WAIT).until(() -> messenger.attemptsFor(id) >= 2);
    await().atMost(WAIT).untilAsserted(() -> {
      Conversation stored = conversations.findById(id).orElseThrow();
      assertThat(stored.getLastDeliveryFailure().permanent()).isTrue();
      assertThat(stored.getLastDeliveryFailure().reason()).contains("not delivered within").contains("connection reset again");
    });
    assertThat(messages.history(id).getFirst().getDelivery()).isEqualTo(DeliveryStatus.REFUSED);
    // The text behind it is not held back by the refused one.
    await().atMost(WAIT).untilAsserted(() -> assertThat(messenger.deliveredTo(id)).extracting(OutboundMessage::text).containsExactly("unused"));
  }

  @Test
  void aConnectorTypeWithoutMessengerRaisesAnIncidentAtOnce() {
    String id = conversation("carrier-pigeon", "Hello!");
    long instance = start(id, "unused");

    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, instance).hasAnyIncidents());
    assertThat(messages.history(id)).isEmpty();
  }

  @Test
  void sendingTheSameStepTwiceDeliversAndStoresOnce(@Autowired MessageSendingService sending) throws Exception {
    String id = conversation(TestMessenger.TYPE, "Hello!");
    Conversation address = addresses.find(id).orElseThrow();
    String messageId = MessageSendingService.stepMessageId(id, "step-4711");

    sending.sendSystemMessage(address, messageId, "Once only");
    sending.sendSystemMessage(address, messageId, "Once only");

    assertThat(messenger.deliveredTo(id)).hasSize(1);
    assertThat(messages.history(id)).hasSize(1);
  }

  @Test
  void aRedeliveredStepAfterARefusalRefusesAgainWithoutDelivering(@Autowired MessageSendingService sending) {
    String id = conversation(TestMessenger.TYPE, "Hello!");
    Conversation address = addresses.find(id).orElseThrow();
    String messageId = MessageSendingService.stepMessageId(id, "step-815");
    messenger.failNext(id, DeliveryException.permanent("chat not found"));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sending.sendSystemMessage(address, messageId, "x"))
        .isInstanceOf(MessageSendingService.MessageRefusedException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sending.sendSystemMessage(address, messageId, "x"))
        .isInstanceOf(MessageSendingService.MessageRefusedException.class);
    assertThat(messenger.attemptsFor(id)).isEqualTo(1);
  }
}
