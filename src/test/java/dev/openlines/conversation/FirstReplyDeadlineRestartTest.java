package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.KpiSettings;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.testing.RestartableApplication;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.openlines.kpi.SupervisorNotificationStore;
import org.springframework.http.HttpMethod;

/**
 * A restart while the operators' first reply is awaited keeps the first-reply limit's deadline: the late
 * first reply is reported at the time it was due before the restart, not a full limit after it.
 */
class FirstReplyDeadlineRestartTest {

  static final Duration WAIT = RestartableApplication.WAIT;
  static final Duration FIRST_REPLY_LIMIT = Duration.ofMinutes(10);

  @TempDir Path dir;

  @Test
  void theLateFirstReplyIsReportedAtItsOriginalTimeAfterARestart() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String anna = "anna-" + suffix;
    String channel = "first-reply-restart-" + suffix;
    String conversationId;
    Instant due;
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      annasChannelWithAFirstReplyLimit(before, anna, channel, "sue-" + suffix);

      // The client writes, anna answers through her API but has not written yet.
      conversationId = before.startConversationHeldBy(channel, anna);
      long key = before.conversation(conversationId).getProcessInstanceKey();
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(before.engine(), key)
          .hasPassedElement("keep-first-reply-deadline")
          .isWaitingAtElements("wait-for-first-reply", "conversation-closed"));
      due = OpenOfferRestartTest.timerDue(before.engine(), "first-reply-late");
      assertThat(before.conversation(conversationId).getDeadlines().firstReplyDueAt()).isEqualTo(due);
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      ZeebeTestEngine engine = after.engine();
      long key = after.awaitRecovered(conversationId);
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, key)
          .isWaitingAtElements("wait-for-first-reply", "conversation-closed"));
      assertThat(OpenOfferRestartTest.timerDue(engine, "first-reply-late")).isEqualTo(due);

      // Due at its original time: nothing before it, the report right after it.
      engine.increaseTime(Duration.between(after.bean(Clock.class).instant(), due).minusSeconds(30));
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, key)
          .isWaitingAtElements("wait-for-first-reply", "conversation-closed"));
      assertThat(after.conversation(conversationId).getKpiBreaches()).isEmpty();
      engine.increaseTime(Duration.ofMinutes(1));
      await().atMost(WAIT).untilAsserted(() -> assertThat(after.conversation(conversationId).getKpiBreaches()).hasSize(1));
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, key)
          .hasPassedElementsInOrder("first-reply-late", "notify-late-first-reply", "late-first-reply-reported"));

      // Her first reply ends the wait; a client message afterwards starts the later replies' clock as usual.
      assertThat(after.asOperator(anna, HttpMethod.POST, "/api/conversations/" + conversationId + "/messages",
          Map.of("text", "Sorry for the wait")).getStatusCode().is2xxSuccessful()).isTrue();
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, key)
          .hasPassedElement("first-replied")
          .isWaitingAtElements("conversation-closed"));
    }
  }

  @Test
  void aLateFirstReplyReportedBeforeARestartIsNotReportedAgainAfterIt() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String anna = "anna-" + suffix;
    String sue = "sue-" + suffix;
    String channel = "first-reply-reported-" + suffix;
    String conversationId;
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      annasChannelWithAFirstReplyLimit(before, anna, channel, sue);
      conversationId = before.startConversationHeldBy(channel, anna);
      long key = before.conversation(conversationId).getProcessInstanceKey();
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(before.engine(), key).isWaitingAtElements("wait-for-first-reply"));

      before.engine().increaseTime(FIRST_REPLY_LIMIT.plusMinutes(1));
      await().atMost(WAIT).untilAsserted(() -> assertThat(before.bean(SupervisorNotificationStore.class).inbox(sue)).hasSize(1));
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      long key = after.awaitRecovered(conversationId);
      // Still waiting for her first reply (its time is still to be recorded), with the deadline past: the new
      // engine's clock starts from the real time, so it is moved past the deadline the first one reported.
      Instant due = after.conversation(conversationId).getDeadlines().firstReplyDueAt();
      after.engine().increaseTime(Duration.between(after.bean(Clock.class).instant(), due).plusMinutes(1));
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(after.engine(), key)
          .hasPassedElementsInOrder("first-reply-late", "notify-late-first-reply", "late-first-reply-reported")
          .isWaitingAtElements("wait-for-first-reply", "conversation-closed"));
      assertThat(after.bean(SupervisorNotificationStore.class).inbox(sue)).as("reported once, before the restart").hasSize(1);
      assertThat(after.conversation(conversationId).getKpiBreaches()).hasSize(1);
    }
  }

  /** Anna online, alone in the channel's queue; the channel's first-reply limit is reported to the supervisor. */
  private static void annasChannelWithAFirstReplyLimit(RestartableApplication app, String anna, String channel, String supervisor) {
    app.bean(OperatorService.class).create(new Operator(anna, "Anna", Set.of()));
    app.bean(OperatorService.class).changePresence(anna, Presence.ONLINE);
    app.bean(ChannelService.class).save(new OpenChannel(channel, "First reply", ZoneId.of("UTC"),
        new QueueSettings(List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(5), 5,
            LimitExclusion.CLOSED, true)));
    app.bean(ChannelLifecycleSettingsService.class).save(new ChannelLifecycleSettings(channel, null, null,
        new KpiSettings(FIRST_REPLY_LIMIT, null, "#OPERATOR# has not answered #DIALOG#", List.of(supervisor))));
  }
}
