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
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;

/**
 * An operator's close answered 202 is a promise: the conversation closes, even when the engine that took the
 * close dies before its process recorded it. The engine's state does not outlive a restart, so the recreated
 * process waits for the close again, and the outbox has marked the close delivered (to the engine that died).
 */
class AcceptedCloseRestartTest {

  static final Duration WAIT = RestartableApplication.WAIT;

  @TempDir Path dir;

  @Test
  void closesTheEngineTookButHadNotCarriedOutBeforeARestartCloseTheConversationsAfterIt() {
    String anna = "anna-" + UUID.randomUUID();
    String channel = "accepted-close-" + UUID.randomUUID();
    List<String> held;
    try (RestartableApplication first = RestartableApplication.start(dir)) {
      first.bean(OperatorService.class).create(new Operator(anna, "Anna", Set.of()));
      first.bean(OperatorService.class).changePresence(anna, Presence.ONLINE);
      first.bean(ChannelService.class).save(new OpenChannel(channel, "Accepted close", ZoneId.of("Europe/Berlin"),
          new QueueSettings(List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(5), 2,
              LimitExclusion.CLOSED, true)));
      held = List.of(first.startConversationHeldBy(channel, anna), first.startConversationHeldBy(channel, anna));
    }

    // The crash is put right after the engine took the close: this run records no status, so the process
    // stops at "Mark as closed".
    try (RestartableApplication before = RestartableApplication.start(dir,
        "--camunda.client.worker.override[" + Workflow.Job.RECORD_STATUS + "].enabled=false")) {
      for (String conversation : held) {
        long key = before.awaitRecovered(conversation);
        await().atMost(WAIT).untilAsserted(() ->
            assertThatProcess(before.engine(), key).isWaitingAtElements("conversation-closed"));
        assertThat(before.asOperator(anna, HttpMethod.POST, "/api/conversations/" + conversation + "/close", null)
            .getStatusCode().value()).isEqualTo(202);
        await().atMost(WAIT).untilAsserted(() ->
            assertThatProcess(before.engine(), key).hasPassedElement("conversation-closed").isWaitingAtElements("mark-closed"));
        assertThat(before.conversation(conversation).getStatus()).isEqualTo(ConversationStatus.IN_PROGRESS);
      }
      assertThat(before.bean(ProcessCommandOutbox.class).depth()).isZero();
    }

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
}
