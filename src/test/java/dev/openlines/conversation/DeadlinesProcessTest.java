package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.conversation.ConversationDeadlines.Deadline;
import dev.openlines.testing.TestModels;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadlinesProcessTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  @Autowired CamundaClient client;
  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationDeadlineService deadlines;

  String conversationId;

  @BeforeEach
  void setUp() {
    TestModels.deploy(client, "rating-wait.bpmn");
    conversationId = "conversation-" + UUID.randomUUID();
    conversations.save(new Conversation(conversationId, "channel-1", "test", "connector-1", "client-1", clock.instant()));
  }

  private long closeWithRatingWait(String ratingWait) {
    return client.newCreateInstanceCommand().bpmnProcessId("test-rating-wait").latestVersion()
        .variables(Map.of(Workflow.Variable.CONVERSATION_ID, conversationId, "ratingWait", ratingWait))
        .send().join().getProcessInstanceKey();
  }

  private Instant storedRatingWaitEnd() {
    return deadlines.deadlines(conversationId).map(ConversationDeadlines::ratingWaitEndsAt).orElse(null);
  }

  @Test
  void theRatingWaitEndsAtTheStoredDeadline() {
    Instant closedAt = clock.instant();
    long instance = closeWithRatingWait("PT15M");
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, instance).isWaitingAtElements("wait-for-rating"));
    Instant due = storedRatingWaitEnd();
    assertThat(Duration.between(closedAt, due)).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(15).plusSeconds(5));
    assertThat(variable(engine, instance, Workflow.Variable.RATING_WAIT_ENDS_AT)).contains(due.toString());

    engine.increaseTime(Duration.between(clock.instant(), due).minusSeconds(30));
    assertThatProcess(engine, instance).isWaitingAtElements("wait-for-rating");
    engine.increaseTime(Duration.ofMinutes(1));
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, instance).hasPassedElement("unrated").isCompleted());
  }

  @Test
  void aRatingInTimeClearsTheDeadline() {
    long instance = closeWithRatingWait("PT15M");
    await().atMost(WAIT).until(() -> storedRatingWaitEnd() != null);
    client.newPublishMessageCommand().messageName(Workflow.Message.CLIENT_RATED).correlationKey(conversationId).send().join();

    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, instance).hasPassedElement("rated").isCompleted());
    assertThat(storedRatingWaitEnd()).isNull();
  }

  @Test
  void aProcessRecreatedAtTheWaitingStepFiresAtTheOriginalDeadline() {
    long lost = closeWithRatingWait("PT15M");
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, lost).isWaitingAtElements("wait-for-rating"));
    Instant due = storedRatingWaitEnd();
    // The engine loses the instance (as a restarted in-memory engine would), some minutes pass...
    client.newCancelInstanceCommand(lost).send().join();
    engine.increaseTime(Duration.ofMinutes(5));

    // ...and recovery recreates it at the waiting step from the stored deadline.
    long recreated = client.newCreateInstanceCommand().bpmnProcessId("test-rating-wait").latestVersion()
        .variables(Map.of(Workflow.Variable.CONVERSATION_ID, conversationId, Workflow.Variable.RATING_WAIT_ENDS_AT, due.toString()))
        .startBeforeElement("wait-for-rating")
        .send().join().getProcessInstanceKey();
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, recreated).isWaitingAtElements("wait-for-rating"));

    engine.increaseTime(Duration.between(clock.instant(), due).minusSeconds(30));
    assertThatProcess(engine, recreated).isWaitingAtElements("wait-for-rating");
    engine.increaseTime(Duration.ofMinutes(1));
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, recreated).hasPassedElement("unrated").isCompleted());
  }

  @Test
  void anUnreadableDurationRaisesAnIncident() {
    long instance = closeWithRatingWait("fifteen minutes");
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, instance).hasAnyIncidents());
    assertThat(storedRatingWaitEnd()).isNull();
  }

  @Test
  void aRedeliveredArmingStepKeepsTheFirstDeadline() {
    Instant first = clock.instant().plus(Duration.ofMinutes(10));
    assertThat(deadlines.armOnce(conversationId, Deadline.INACTIVITY_TIMEOUT, first, "step-77")).contains(first);
    assertThat(deadlines.armOnce(conversationId, Deadline.INACTIVITY_TIMEOUT, first.plusSeconds(40), "step-77")).contains(first);
    Instant rearmed = first.plus(Duration.ofMinutes(5));
    assertThat(deadlines.armOnce(conversationId, Deadline.INACTIVITY_TIMEOUT, rearmed, "step-78")).contains(rearmed);
    assertThat(deadlines.armOnce("no-such-" + UUID.randomUUID(), Deadline.INACTIVITY_TIMEOUT, first, "step-1")).isEmpty();
  }

  @Test
  void eachDeadlineReachesTimersUnderItsWorkflowVariableName() {
    assertThat(Deadline.OFFER_EXPIRY.variable()).isEqualTo(Workflow.Variable.OFFER_EXPIRES_AT);
    assertThat(Deadline.KPI_DUE.variable()).isEqualTo(Workflow.Variable.KPI_DUE_AT);
    assertThat(Deadline.INACTIVITY_TIMEOUT.variable()).isEqualTo(Workflow.Variable.INACTIVITY_TIMEOUT_AT);
    assertThat(Deadline.RATING_WAIT_END.variable()).isEqualTo(Workflow.Variable.RATING_WAIT_ENDS_AT);
    assertThat(Deadline.REOPENING.variable()).isEqualTo(Workflow.Variable.REOPENS_AT);
    assertThat(Deadline.BOT_SILENCE.variable()).isEqualTo(Workflow.Variable.BOT_SILENT_UNTIL);
  }
}
