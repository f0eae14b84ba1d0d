package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.ClosingSettings;
import dev.openlines.channel.ConversationTimeout;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.RoutingService;
import dev.openlines.routing.RoutingStatus;
import dev.openlines.testing.RestartableApplication;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart safety of the conversation timeout and the rating-wait reopen: the whole application restarts
 * on the same store file with a fresh engine, and each conversation continues where it was.
 */
class LifecycleRecoveryRestartTest {

  static final Duration WAIT = RestartableApplication.WAIT;
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  @TempDir Path dir;

  @Test
  void aRunningConversationTimeoutAndAClientWhoCameBackDuringTheRatingWaitSurviveARestart() {
    String anna = "anna-" + UUID.randomUUID();
    String channel = "restart-" + UUID.randomUUID();
    String silent;
    String cameBack;
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      before.bean(OperatorService.class).create(new Operator(anna, "Anna", Set.of()));
      before.bean(OperatorService.class).changePresence(anna, Presence.ONLINE);
      OpenChannel open = new OpenChannel(channel, "Restart", ZoneId.of("UTC"), new QueueSettings(
          List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(2), 5, LimitExclusion.CLOSED, true));
      open.setClosing(new ClosingSettings(Duration.ofMinutes(30), false));
      before.bean(ChannelService.class).save(open);
      before.bean(ChannelLifecycleSettingsService.class)
          .save(new ChannelLifecycleSettings(channel, null, null, null, new ConversationTimeout(TIMEOUT, null)));

      // The operator wrote, the client has not answered: the timeout clock runs.
      silent = before.startConversationHeldBy(channel, anna);
      before.bean(ClientSilenceService.class).operatorReplied(silent);
      assertThat(before.conversation(silent).getDeadlines().inactivityTimeoutAt()).isNotNull();

      // Closed and in its rating wait; the client writes again just before the restart.
      cameBack = before.startConversationHeldBy(channel, anna);
      before.bean(ConversationCommands.class).close(cameBack, anna, "close-" + cameBack);
      await().atMost(WAIT).until(() -> before.conversation(cameBack).getDeadlines() != null
          && before.conversation(cameBack).getDeadlines().ratingWaitEndsAt() != null);
      assertThat(before.bean(RatingWaitService.class).requestReopen(cameBack, null)).isTrue();
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      ZeebeTestEngine engine = after.engine();
      long silentKey = after.awaitRecovered(silent);
      long cameBackKey = after.awaitRecovered(cameBack);

      // The client who came back has the conversation and operator again.
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, cameBackKey)
          .hasPassedElement("reopen-for-operator").isWaitingAtElements("conversation-closed"));
      assertThat(after.conversation(cameBack).getStatus()).isEqualTo(ConversationStatus.IN_PROGRESS);
      assertThat(after.bean(RoutingService.class).state(cameBack).orElseThrow().getStatus()).isEqualTo(RoutingStatus.ASSIGNED);

      // The silent client's clock kept its deadline: the conversation closes itself when it runs out.
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, silentKey)
          .isWaitingAtElements("client-reply-time-over", "conversation-closed"));
      engine.increaseTime(TIMEOUT.plusMinutes(1));
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, silentKey)
          .hasPassedElement("close-for-silence")
          .hasPassedElementsInOrder("conversation-closed", "mark-closed", "free-slot", "send-closing-text", "set-rating-wait")
          .isWaitingAtElements("rating-wait"));
      assertThat(after.conversation(silent).getStatus()).isEqualTo(ConversationStatus.CLOSED);
    }
  }
}
