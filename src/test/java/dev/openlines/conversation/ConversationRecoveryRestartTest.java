package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.InboundMessage.ClientProfile;
import dev.openlines.conversation.ConversationDeadlines.Deadline;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.recovery.ConversationRecovery;
import dev.openlines.workflow.outbox.ProcessCommand;
import dev.openlines.workflow.outbox.ProcessCommandOutbox;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.RoutingService;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.RestartableApplication;
import dev.openlines.testing.TestMessenger;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.embedded.EmbeddedRuntime;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpMethod;

/**
 * Restarts the whole application on the same store file: the second start has a fresh, empty engine
 * and must give each open conversation its process back where it was.
 */
class ConversationRecoveryRestartTest {

  static final Duration WAIT = RestartableApplication.WAIT;
  static final Duration IDLE_TIME = Duration.ofMinutes(2);

  @TempDir Path dir;

  String channel(RestartableApplication app, String operatorId, int limit) {
    String id = "restart-" + UUID.randomUUID();
    app.bean(ChannelService.class).save(new OpenChannel(id, "Restart", ZoneId.of("Europe/Berlin"),
        new QueueSettings(List.of(QueueEntry.operator(operatorId)), DistributionMode.STRICT, IDLE_TIME, limit,
            LimitExclusion.CLOSED, true)));
    return id;
  }

  @Test
  void conversationsInProgressOfferedAndQueuedGoOnAfterARestart() {
    String anna = "anna-" + UUID.randomUUID();
    String channel;
    String inProgress;
    String offered;
    String queued;
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      before.bean(OperatorService.class).create(new Operator(anna, "Anna", Set.of()));
      before.bean(OperatorService.class).changePresence(anna, Presence.ONLINE);
      channel = channel(before, anna, 2);

      inProgress = before.startConversationHeldBy(channel, anna);

      offered = before.startConversation(channel);
      await().atMost(WAIT).until(() -> before.openOffers(offered).equals(List.of(anna)));
      queued = before.startConversation(channel);
      await().atMost(WAIT).until(() -> before.conversation(queued).getStatus() == ConversationStatus.WAITING);
      assertThat(before.load(anna, channel)).isEqualTo(2);
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      ZeebeTestEngine engine = after.engine();
      long inProgressKey = after.awaitRecovered(inProgress);
      long offeredKey = after.awaitRecovered(offered);
      long queuedKey = after.awaitRecovered(queued);

      // In progress: waits for the close again, the operator still holds exactly the two slots.
      await().atMost(WAIT).untilAsserted(() ->
          assertThatProcess(engine, inProgressKey).isWaitingAtElements("conversation-closed"));
      // The open offer stays with anna (same slot, same expiry); the queued one is routed again and
      // waits, since anna's two slots are taken.
      await().atMost(WAIT).untilAsserted(() -> {
        assertThatProcess(engine, offeredKey).isWaitingAtElements("wait-for-one");
        assertThatProcess(engine, queuedKey).isWaitingAtElements("operator-available");
      });
      assertThat(after.openOffers(offered)).containsExactly(anna);
      assertThat(after.openOffers(queued)).isEmpty();
      assertThat(after.load(anna, channel)).isEqualTo(2);
      String first = offered;
      String second = queued;
      long firstKey = offeredKey;
      long secondKey = queuedKey;

      // Recovering again (a second pass in the same run) creates nothing.
      EmbeddedRuntime runtime = after.bean(EmbeddedRuntime.class);
      var again = after.bean(ConversationRecovery.class).recover(runtime.engineRunId(), runtime.engineStartedAt());
      assertThat(again.recovered()).isEmpty();
      assertThat(after.conversation(inProgress).getProcessInstanceKey()).isEqualTo(inProgressKey);

      // The conversation from before the restart finishes: closing frees the operator's slot...
      after.publish(Workflow.Message.CONVERSATION_CLOSED, inProgress);
      await().atMost(WAIT).untilAsserted(() ->
          assertThatProcess(engine, inProgressKey).hasPassedElement("free-slot").isCompleted());
      // ...and the waiting conversation is offered to her in it.
      await().atMost(WAIT).until(() -> after.openOffers(second).equals(List.of(anna)));
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, secondKey).isWaitingAtElements("wait-for-one"));
      assertThat(after.load(anna, channel)).isEqualTo(2);

      after.bean(RoutingService.class).answer(first, anna);
      await().atMost(WAIT).untilAsserted(() ->
          assertThatProcess(engine, firstKey).hasPassedElement("mark-in-progress").isWaitingAtElements("conversation-closed"));
      after.bean(RoutingService.class).answer(second, anna);
      await().atMost(WAIT).untilAsserted(() ->
          assertThatProcess(engine, secondKey).hasPassedElement("mark-in-progress").isWaitingAtElements("conversation-closed"));
    }

    // A conversation that was closed before a restart is not brought back.
    try (RestartableApplication third = RestartableApplication.start(dir)) {
      ConversationRecovery recovery = third.bean(ConversationRecovery.class);
      await().atMost(WAIT).until(() -> recovery.lastResult().isPresent());
      // Both answered in the second run are in progress again; the one closed there is not.
      assertThat(recovery.lastResult().get().recovered()).containsExactlyInAnyOrder(offered, queued);
      assertThat(third.conversation(inProgress).getStatus()).isEqualTo(ConversationStatus.CLOSED);
      assertThat(third.load(anna, channel)).isEqualTo(2);
    }
  }

  /**
   * The service stopped between an operator becoming free and the wake-up of the conversations waiting for
   * her (here: her presence was stored, the drain it triggers never ran). Recreated all at once, the waiting
   * conversations would race for her slot; they are offered it in queue order instead.
   */
  @Test
  void conversationsWaitingAtARestartAreOfferedAFreeSlotInQueueOrder() {
    String fay = "fay-" + UUID.randomUUID();
    String channel;
    List<String> queue = new ArrayList<>();
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      before.bean(OperatorService.class).create(new Operator(fay, "Fay", Set.of())); // offline: the clients wait
      channel = channel(before, fay, 1);
      for (int i = 0; i < 4; i++) {
        String waiting = before.startConversation(channel);
        await().atMost(WAIT).until(() -> before.conversation(waiting).getStatus() == ConversationStatus.WAITING);
        queue.add(waiting);
      }
      before.bean(MongoTemplate.class)
          .updateFirst(Query.query(Criteria.where("_id").is(fay)), Update.update("presence", Presence.ONLINE), Operator.class);
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      ZeebeTestEngine engine = after.engine();
      queue.forEach(after::awaitRecovered);
      String longestWaiting = queue.get(0);
      await().atMost(WAIT).until(() -> after.openOffers(longestWaiting).equals(List.of(fay)));
      for (String younger : queue.subList(1, queue.size())) {
        long key = after.conversation(younger).getProcessInstanceKey();
        // Recreated at their wait, not routed again: no offer round of theirs ran in the new engine.
        await().atMost(WAIT).untilAsserted(() ->
            assertThatProcess(engine, key).isWaitingAtElements("operator-available").hasNotPassedElement("offer"));
        assertThat(after.bean(RoutingService.class).offers(younger)).as(younger).isEmpty();
      }
      assertThat(after.load(fay, channel)).isEqualTo(1);

      // The next slot goes to the next in line.
      assertThat(after.asOperator(fay, HttpMethod.POST, "/api/conversations/" + longestWaiting + "/answer", null)
          .getStatusCode().value()).isEqualTo(204);
      assertThat(after.asOperator(fay, HttpMethod.POST, "/api/conversations/" + longestWaiting + "/close", null)
          .getStatusCode().value()).isEqualTo(202);
      await().atMost(WAIT).until(() -> after.openOffers(queue.get(1)).equals(List.of(fay)));
      assertThat(after.bean(RoutingService.class).offers(queue.get(2))).isEmpty();
      assertThat(after.bean(RoutingService.class).offers(queue.get(3))).isEmpty();
    }
  }

  @Test
  void aRecreatedProcessKeepsWhatTheClientToldAboutThemselvesAndThePriority() {
    String conversation;
    String connectorId;
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      String bob = "bob-" + UUID.randomUUID();
      before.bean(OperatorService.class).create(new Operator(bob, "Bob", Set.of())); // offline: the client waits
      String channel = channel(before, bob, 1);
      ConnectorSettings connector = ClientConversations.connector(channel);
      connectorId = connector.id();
      conversation = before.bean(InboundMessageService.class).receive(
          new InboundMessage(TestMessenger.TYPE, connector.id(), "ext-" + UUID.randomUUID(), "client-" + UUID.randomUUID(),
              new ClientProfile("Vera Ivanova", "+49 30 1234567", "vera@example.com", "de-DE"), "Dringend: my order",
              List.of(), false, before.bean(Clock.class).instant(), InboundMessage.HIGH),
          connector).conversationId();
      await().atMost(WAIT).until(() -> before.conversation(conversation).getStatus() == ConversationStatus.WAITING);
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      long key = after.awaitRecovered(conversation);
      await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(after.engine(), key)
          .isWaitingAtElements("operator-available")
          .hasVariableWithValue(Workflow.Variable.CLIENT_NAME, "Vera Ivanova")
          .hasVariableWithValue(Workflow.Variable.CLIENT_PHONE, "+49 30 1234567")
          .hasVariableWithValue(Workflow.Variable.CLIENT_EMAIL, "vera@example.com")
          .hasVariableWithValue(Workflow.Variable.LANGUAGE, "de")
          .hasVariableWithValue(Workflow.Variable.PRIORITY, InboundMessage.HIGH)
          .hasVariableWithValue(Workflow.Variable.CONNECTOR_ID, connectorId));
    }
  }

  @Test
  void theRatingWaitEndsAtItsOriginalDeadlineAfterARestart() {
    String waiting = "conv-" + UUID.randomUUID();
    String overdue = "conv-" + UUID.randomUUID();
    Instant due;
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      Instant now = before.bean(Clock.class).instant();
      due = now.plus(Duration.ofMinutes(15));
      for (String id : List.of(waiting, overdue)) {
        before.bean(ConversationRepository.class).save(new Conversation(id, "channel-1", "livechat", "client-" + id, now));
        before.bean(ConversationStatusService.class).recordStatus(id, ConversationStatus.CLOSED, 1L);
      }
      ConversationDeadlineService deadlines = before.bean(ConversationDeadlineService.class);
      deadlines.armOnce(waiting, Deadline.RATING_WAIT_END, due, "step-1");
      deadlines.armOnce(overdue, Deadline.RATING_WAIT_END, now.minus(Duration.ofMinutes(1)), "step-1");
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      ZeebeTestEngine engine = after.engine();
      Clock clock = after.bean(Clock.class);
      long waitingKey = after.awaitRecovered(waiting);
      long overdueKey = after.awaitRecovered(overdue);

      // A deadline that passed while the service was down fires at once.
      await().atMost(WAIT).untilAsserted(() ->
          assertThatProcess(engine, overdueKey).hasPassedElement("rating-wait-over").isCompleted());
      await().atMost(WAIT).untilAsserted(() ->
          assertThatProcess(engine, waitingKey).isWaitingAtElements("rating-wait"));

      engine.increaseTime(Duration.between(clock.instant(), due).minusSeconds(30));
      await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).untilAsserted(() ->
          assertThatProcess(engine, waitingKey).isWaitingAtElements("rating-wait"));
      engine.increaseTime(Duration.ofMinutes(1));
      await().atMost(WAIT).untilAsserted(() ->
          assertThatProcess(engine, waitingKey).hasPassedElement("rating-wait-over").isCompleted());
    }
  }

  @Test
  void aConversationWhoseStartIsStillQueuedIsStartedByTheRelayNotByRecovery() {
    String anna = "anna-" + UUID.randomUUID();
    String conversationId = "conv-" + UUID.randomUUID();
    String channel;
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      before.bean(OperatorService.class).create(new Operator(anna, "Anna", Set.of()));
      before.bean(OperatorService.class).changePresence(anna, Presence.ONLINE);
      channel = channel(before, anna, 2);
      Instant now = before.bean(Clock.class).instant();
      before.bean(ConversationRepository.class).save(new Conversation(conversationId, channel, "livechat", "client-1", now));
      // The engine had not taken the start before the restart; the relay tries again in five minutes.
      before.bean(MongoTemplate.class).insert(new ProcessCommand(ProcessCommandOutbox.startCommandId(conversationId),
          ProcessCommand.Kind.START_CONVERSATION, conversationId, null, null,
          Map.of(Workflow.Variable.CONVERSATION_ID, conversationId, Workflow.Variable.CHANNEL_ID, channel,
              Workflow.Variable.CONNECTOR_TYPE, "livechat", Workflow.Variable.CLIENT_ID, "client-1"),
          now, 1, now.plus(Duration.ofMinutes(5)), null, "UNAVAILABLE"));
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      ConversationRecovery recovery = after.bean(ConversationRecovery.class);
      await().atMost(WAIT).until(() -> recovery.lastResult().isPresent());
      assertThat(recovery.lastResult().get().recovered()).doesNotContain(conversationId);
      assertThat(after.conversation(conversationId).getProcessInstanceKey()).isNull();

      after.engine().increaseTime(Duration.ofMinutes(10));
      await().atMost(WAIT).until(() -> after.openOffers(conversationId).equals(List.of(anna)));
      long key = after.conversation(conversationId).getProcessInstanceKey();
      assertThatProcess(after.engine(), key).hasPassedElementsInOrder("client-wrote", "link-process");
      assertThat(after.load(anna, channel)).isEqualTo(1);
    }
  }

  @Test
  void aConversationClosedJustBeforeARestartGivesItsOperatorsSlotBackAndWaitsForItsRating() {
    String anna = "anna-" + UUID.randomUUID();
    String channel;
    String closing;
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      before.bean(OperatorService.class).create(new Operator(anna, "Anna", Set.of()));
      before.bean(OperatorService.class).changePresence(anna, Presence.ONLINE);
      channel = channel(before, anna, 2);
      closing = before.startConversationHeldBy(channel, anna);
      assertThat(before.load(anna, channel)).isEqualTo(1);
      // "Mark as closed" ran (the rating wait counts from the close), "Free the operator's slot" not yet.
      before.bean(ConversationStatusService.class)
          .recordStatus(closing, ConversationStatus.CLOSED, 1L, Duration.ofMinutes(15));
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      long key = after.awaitRecovered(closing);
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(after.engine(), key).isWaitingAtElements("rating-wait"));
      assertThat(after.load(anna, channel)).isZero();
    }
  }
}
