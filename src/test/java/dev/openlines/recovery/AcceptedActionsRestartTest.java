package dev.openlines.recovery;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.testing.RestartableApplication;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.outbox.ProcessCommandOutbox;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * An operator's close or spam mark answered 202 is a promise: it happens, even when the engine that took it
 * dies before the process carried it out. The engine's state does not outlive a restart, so the recreated
 * process waits as before the action, while the outbox has marked the close sent (to the engine that died)
 * and a spam mark is published at once, never queued. Each test puts the crash right after the engine took
 * the action: the run in between records no status, so the process stops at "Mark as closed" or "Mark as spam".
 */
class AcceptedActionsRestartTest {

  static final Duration WAIT = RestartableApplication.WAIT;

  @TempDir Path dir;
  final String anna = "anna-" + UUID.randomUUID();
  /** A colleague in the same queue, who may take anna's conversations over. */
  final String ben = "ben-" + UUID.randomUUID();
  final String channel = "accepted-" + UUID.randomUUID();

  /** In a first run: anna holds two conversations, answered through the API. */
  private List<String> twoConversationsHeldByAnna() {
    try (RestartableApplication first = RestartableApplication.start(dir)) {
      for (String operator : List.of(anna, ben)) {
        first.bean(OperatorService.class).create(new Operator(operator, operator, Set.of()));
        first.bean(OperatorService.class).changePresence(operator, Presence.ONLINE);
      }
      first.bean(ChannelService.class).save(new OpenChannel(channel, "Accepted actions", ZoneId.of("Europe/Berlin"),
          new QueueSettings(List.of(QueueEntry.operator(anna), QueueEntry.operator(ben)), DistributionMode.STRICT, Duration.ofMinutes(5), 2,
              LimitExclusion.CLOSED, true)));
      return List.of(first.startConversationHeldBy(channel, anna), first.startConversationHeldBy(channel, anna));
    }
  }

  /**
   * In a run without the workers of {@code jobType}: the operator's action on each held conversation is accepted (202)
   * and taken by the engine, whose process then stops at {@code stopsAt}; the run ends there, as a crash would end it.
   */
  private void acceptedButNotCarriedOut(List<String> held, String operator, String action, String jobType, String stopsAt) {
    acceptedButNotCarriedOut(held, operator, action, jobType, stopsAt, (run, conversation) -> {});
  }

  /** @param meanwhile what else is asked of each conversation while the action is on its way */
  private void acceptedButNotCarriedOut(List<String> held, String operator, String action, String jobType, String stopsAt,
      BiConsumer<RestartableApplication, String> meanwhile) {
    try (RestartableApplication before = RestartableApplication.start(dir,
        "--camunda.client.worker.override[" + jobType + "].enabled=false")) {
      for (String conversation : held) {
        long key = before.awaitRecovered(conversation);
        await().atMost(WAIT).untilAsserted(() ->
            assertThatProcess(before.engine(), key).isWaitingAtElements("conversation-closed"));
        assertThat(before.asOperator(operator, HttpMethod.POST, "/api/conversations/" + conversation + "/" + action, null)
            .getStatusCode().value()).isEqualTo(202);
        await().atMost(WAIT).untilAsserted(() -> assertThatProcess(before.engine(), key).isWaitingAtElements(stopsAt));
        assertThat(before.conversation(conversation).getStatus()).isEqualTo(ConversationStatus.IN_PROGRESS);
        meanwhile.accept(before, conversation);
      }
      // Nothing left to send: the close went to this engine (the outbox marked it sent), the spam mark was published.
      assertThat(before.bean(ProcessCommandOutbox.class).depth()).isZero();
    }
  }

  @Test
  void closesTheEngineTookButHadNotCarriedOutBeforeARestartCloseTheConversationsAfterIt() {
    List<String> held = twoConversationsHeldByAnna();

    acceptedButNotCarriedOut(held, anna, "close", Workflow.Job.RECORD_STATUS, "mark-closed");

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      for (String conversation : held) {
        long key = after.awaitRecovered(conversation);
        await().atMost(WAIT).untilAsserted(() ->
            assertThatProcess(after.engine(), key).hasPassedElement("mark-closed").hasPassedElement("free-slot"));
        assertThat(after.conversation(conversation).getStatus()).isEqualTo(ConversationStatus.CLOSED);
        // The operator's inbox no longer shows it.
        assertThat(after.asOperator(anna, HttpMethod.GET, "/api/operators/me/inbox", null).getBody()).doesNotContain(conversation);
      }
      assertThat(after.load(anna, channel)).isZero();
    }
  }

  @Test
  void spamMarksTheEngineTookButHadNotCarriedOutBeforeARestartEndTheConversationsAsSpamAfterIt() {
    List<String> held = twoConversationsHeldByAnna();

    // While a mark is on its way the process will end the conversation: a take-over or transfer would be a 202 for nothing.
    acceptedButNotCarriedOut(held, anna, "spam", Workflow.Job.RECORD_STATUS, "mark-spam", (run, conversation) -> {
      ResponseEntity<String> takeOver = run.asOperator(ben, HttpMethod.POST, "/api/conversations/" + conversation + "/intercept", null);
      ResponseEntity<String> transfer = run.asOperator(anna, HttpMethod.POST, "/api/conversations/" + conversation + "/transfer",
          Map.of("operatorId", ben));
      for (ResponseEntity<String> refused : List.of(takeOver, transfer)) {
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(refused.getBody()).contains("is being marked as spam: nothing was changed");
      }
    });

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      for (String conversation : held) {
        long key = after.awaitRecovered(conversation);
        await().atMost(WAIT).untilAsserted(() ->
            assertThatProcess(after.engine(), key).hasPassedElement("mark-spam").hasPassedElement("free-spam-slot").isCompleted());
        assertThat(after.conversation(conversation).getStatus()).isEqualTo(ConversationStatus.SPAM);
      }
      assertThat(after.load(anna, channel)).isZero();
      assertThat(after.load(ben, channel)).isZero();
    }
  }

  @Test
  void takeOversTheEngineTookButHadNotCarriedOutBeforeARestartHandTheConversationsToTheColleagueAfterIt() {
    List<String> held = twoConversationsHeldByAnna();

    // While it is on its way, anna's spam mark or close would end the conversation before ben got it: refused.
    acceptedButNotCarriedOut(held, ben, "intercept", Workflow.Job.ROUTING_HAND_OVER, "hand-over", (run, conversation) -> {
      for (String ending : List.of("spam", "close")) {
        ResponseEntity<String> refused = run.asOperator(anna, HttpMethod.POST, "/api/conversations/" + conversation + "/" + ending, null);
        assertThat(refused.getStatusCode().value()).as(ending).isEqualTo(409);
        assertThat(refused.getBody()).contains("A colleague is taking conversation " + conversation + " over right now");
      }
      assertThat(run.conversation(conversation).getCloseRequestedAt()).isNull();
    });

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      for (String conversation : held) {
        long key = after.awaitRecovered(conversation);
        await().atMost(WAIT).untilAsserted(() -> assertThatProcess(after.engine(), key).hasPassedElement("hand-over"));
        await().atMost(WAIT).until(() -> after.conversation(conversation).getTakeOverRequestedAt() == null);
        assertThat(after.conversation(conversation).getStatus()).isEqualTo(ConversationStatus.IN_PROGRESS);
        assertThat(after.conversation(conversation).getSpamRequest()).isNull();
        assertThat(after.asOperator(ben, HttpMethod.GET, "/api/operators/me/inbox", null).getBody()).contains(conversation);
        assertThat(after.asOperator(anna, HttpMethod.GET, "/api/operators/me/inbox", null).getBody()).doesNotContain(conversation);
      }
      assertThat(after.load(anna, channel)).isZero();
      assertThat(after.load(ben, channel)).isEqualTo(2);
    }
  }
}
