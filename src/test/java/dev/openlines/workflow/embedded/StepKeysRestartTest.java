package dev.openlines.workflow.embedded;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.AutomaticActions;
import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationDeadlineService;
import dev.openlines.conversation.ConversationDeadlines;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.ConversationStatusService;
import dev.openlines.conversation.DeliveryStatus;
import dev.openlines.testing.RestartableApplication;
import dev.openlines.testing.TestMessenger;
import dev.openlines.testing.TestModels;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded engine starts with fresh state on every start of the application, and its key generator
 * starts over: the same commands in the same order give the same keys. A step after a restart can so
 * get the element instance key of a step before it; its side effects must still happen.
 *
 * <p>An engine-wrapper test, so test-only models (test-models/send-message.bpmn, rating-wait.bpmn) on a
 * stored conversation: aiming the fresh engine's keys needs one instance creation per aimed key, which a
 * process started by ingestion (relay, many commands in between) cannot give.
 */
class StepKeysRestartTest {

  static final Duration WAIT = RestartableApplication.WAIT;
  /** Rounds before the restart: the second run aims at their keys until one is hit (a busy engine makes some miss). */
  static final int ROUNDS = 12;

  @TempDir Path dir;

  /** One round: the keys of its instances and steps, what the client got, the rating wait stored. */
  record Round(long sending, long greetingStep, long waiting, long deadlineStep, List<String> delivered, Instant ratingWaitEnd) {}

  static long spendAKey(CamundaClient client) {
    return client.newPublishMessageCommand().messageName("spend-a-key").correlationKey("nobody").timeToLive(Duration.ZERO)
        .send().join().getMessageKey();
  }

  /**
   * Lets the engine hand out keys (one per published message nobody waits for) until the next one it
   * hands out is {@code nextKey}, so that an instance created now gets that key, unless the engine
   * hands out a key for something else in between (its job workers also poll), or it is past it already.
   */
  static void spendKeysUntil(CamundaClient client, long nextKey) {
    while (spendAKey(client) < nextKey - 1) {
      // keep spending
    }
  }

  /**
   * Sends the greeting and a text, then arms the rating wait (ended by the client's rating); with
   * {@code sameKeysAs}, the instances are aimed at that round's keys.
   */
  Round round(RestartableApplication app, String conversationId, String ratingWait, Round sameKeysAs) {
    CamundaClient client = app.bean(CamundaClient.class);
    ZeebeTestEngine engine = app.engine();
    TestMessenger messenger = app.bean(TestMessenger.class);
    int deliveredBefore = messenger.deliveredTo(conversationId).size();

    if (sameKeysAs != null) {
      spendKeysUntil(client, sameKeysAs.sending());
    }
    // Created on the engine directly: only one creation per aimed key can hit a key from before the restart (class comment).
    long sending = client.newCreateInstanceCommand().bpmnProcessId("test-send-message").latestVersion()
        .variables(Map.of(Workflow.Variable.CONVERSATION_ID, conversationId, Workflow.Variable.MESSAGE_TEXT, "Your order has shipped."))
        .send().join().getProcessInstanceKey();
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, sending).isCompleted());

    if (sameKeysAs != null) {
      spendKeysUntil(client, sameKeysAs.waiting());
    }
    long waiting = client.newCreateInstanceCommand().bpmnProcessId("test-rating-wait").latestVersion()
        .variables(Map.of(Workflow.Variable.CONVERSATION_ID, conversationId, "ratingWait", ratingWait))
        .send().join().getProcessInstanceKey();
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, waiting).isWaitingAtElements("wait-for-rating"));
    Instant ratingWaitEnd = app.bean(ConversationDeadlineService.class).deadlines(conversationId)
        .map(ConversationDeadlines::ratingWaitEndsAt).orElse(null);
    client.newPublishMessageCommand().messageName(Workflow.Message.CLIENT_RATED).correlationKey(conversationId).send().join();
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, waiting).hasPassedElement("rated").isCompleted());

    List<OutboundMessage> delivered = messenger.deliveredTo(conversationId);
    return new Round(
        sending,
        stepKey(engine, sending, "send-greeting"),
        waiting,
        stepKey(engine, waiting, "set-rating-deadline"),
        delivered.subList(deliveredBefore, delivered.size()).stream().map(OutboundMessage::text).toList(),
        ratingWaitEnd);
  }

  static long stepKey(ZeebeTestEngine engine, long processInstanceKey, String elementId) {
    return StreamSupport.stream(RecordStream.of(engine.getRecordStreamSource()).processInstanceRecords().spliterator(), false)
        .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED)
        .filter(r -> r.getValue().getProcessInstanceKey() == processInstanceKey && r.getValue().getElementId().equals(elementId))
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  @Test
  void stepsAfterARestartThatGetTheKeysOfStepsBeforeItStillSendAndArm() {
    String conversationId = "conv-" + UUID.randomUUID();
    List<Round> before = new ArrayList<>();
    try (RestartableApplication app = RestartableApplication.start(dir)) {
      String channelId = "keys-" + UUID.randomUUID();
      app.bean(ChannelLifecycleSettingsService.class).save(new ChannelLifecycleSettings(channelId, null,
          new AutomaticActions("Hello!", null, null, null, null, null), null));
      app.bean(ConversationRepository.class)
          .save(new Conversation(conversationId, channelId, TestMessenger.TYPE, "connector-1", "client-1", app.bean(Clock.class).instant()));
      // Closed, so that recovery leaves it alone.
      app.bean(ConversationStatusService.class).recordStatus(conversationId, ConversationStatus.CLOSED, 1L);
      CamundaClient client = app.bean(CamundaClient.class);
      TestModels.deploy(client, "send-message.bpmn");
      TestModels.deploy(client, "rating-wait.bpmn");

      // Room before and between the rounds, so that the second run's fresh engine can reach the same keys.
      spendKeysUntil(client, spendAKey(client) + 300);
      for (int i = 0; i < ROUNDS; i++) {
        Round round = round(app, conversationId, "PT15M", null);
        assertThat(round.delivered()).containsExactly("Hello!", "Your order has shipped.");
        before.add(round);
        spendKeysUntil(client, spendAKey(client) + 60);
      }
    }

    try (RestartableApplication app = RestartableApplication.start(dir)) {
      CamundaClient client = app.bean(CamundaClient.class);
      TestModels.deploy(client, "send-message.bpmn");
      TestModels.deploy(client, "rating-wait.bpmn");
      Clock clock = app.bean(Clock.class);
      int greetingCollisions = 0;
      int deadlineCollisions = 0;
      for (Round target : before) {
        Instant now = clock.instant();
        Round after = round(app, conversationId, "PT30M", target);

        // Every round: the client gets both messages, and the new rating wait is armed...
        assertThat(after.delivered()).containsExactly("Hello!", "Your order has shipped.");
        assertThat(after.ratingWaitEnd()).isBetween(now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofMinutes(31)));
        // ...also when the fresh engine gave its steps the keys of the steps before the restart.
        greetingCollisions += after.greetingStep() == target.greetingStep() ? 1 : 0;
        deadlineCollisions += after.deadlineStep() == target.deadlineStep() ? 1 : 0;
        if (greetingCollisions > 0 && deadlineCollisions > 0) {
          break;
        }
      }
      assertThat(greetingCollisions).as("rounds whose greeting step got a key from before the restart").isPositive();
      assertThat(deadlineCollisions).as("rounds whose deadline step got a key from before the restart").isPositive();
      assertThat(app.bean(ConversationMessageStore.class).history(conversationId))
          .allSatisfy(message -> assertThat(message.getDelivery()).isEqualTo(DeliveryStatus.DELIVERED));
    }
  }
}
