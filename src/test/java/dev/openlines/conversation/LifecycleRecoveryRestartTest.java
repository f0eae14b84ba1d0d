package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.OpenLinesApplication;
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
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.routing.RoutingStatus;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.embedded.EmbeddedRuntime;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Restart safety of the conversation timeout and the rating-wait reopen: the whole application restarts
 * on the same store file with a fresh engine, and each conversation continues where it was.
 */
class LifecycleRecoveryRestartTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  @TempDir Path dir;

  ConfigurableApplicationContext startApplication() {
    return new SpringApplicationBuilder(OpenLinesApplication.class).run(
        "--openlines.embedded.store.path=" + dir.resolve("store.mv.db"),
        "--openlines.embedded.engine.state-dir=" + dir.resolve("engine"),
        "--server.port=0");
  }

  <T> T bean(ConfigurableApplicationContext app, Class<T> type) {
    return app.getBean(type);
  }

  Conversation conversation(ConfigurableApplicationContext app, String id) {
    return bean(app, ConversationRepository.class).findById(id).orElseThrow();
  }

  /** Started, offered to anna and answered by her: in progress. */
  String inProgress(ConfigurableApplicationContext app, String channel, String anna) {
    String id = "conv-" + UUID.randomUUID();
    bean(app, ConversationRepository.class).save(new Conversation(id, channel, "livechat", "client-" + id, bean(app, Clock.class).instant()));
    bean(app, CamundaClient.class).newCreateInstanceCommand().bpmnProcessId(Workflow.Process.CONVERSATION).latestVersion()
        .variables(Map.of(Workflow.Variable.CONVERSATION_ID, id, Workflow.Variable.CHANNEL_ID, channel)).send().join();
    RoutingService routing = bean(app, RoutingService.class);
    await().atMost(WAIT).until(() -> routing.offers(id).stream().filter(o -> o.status() == OfferStatus.OFFERED)
        .map(Offer::operatorId).toList().equals(List.of(anna)));
    routing.answer(id, anna);
    await().atMost(WAIT).until(() -> conversation(app, id).getStatus() == ConversationStatus.IN_PROGRESS);
    return id;
  }

  long awaitRecovered(ConfigurableApplicationContext app, String conversationId) {
    String run = bean(app, EmbeddedRuntime.class).engineRunId();
    await().atMost(WAIT).until(() -> {
      Conversation c = conversation(app, conversationId);
      return run.equals(c.getEngineRunId()) && c.getProcessInstanceKey() != null;
    });
    return conversation(app, conversationId).getProcessInstanceKey();
  }

  @Test
  void aRunningConversationTimeoutAndAClientWhoCameBackDuringTheRatingWaitSurviveARestart() {
    String anna = "anna-" + UUID.randomUUID();
    String channel = "restart-" + UUID.randomUUID();
    String silent;
    String cameBack;
    try (ConfigurableApplicationContext before = startApplication()) {
      bean(before, OperatorService.class).create(new Operator(anna, "Anna", Set.of()));
      bean(before, OperatorService.class).changePresence(anna, Presence.ONLINE);
      OpenChannel open = new OpenChannel(channel, "Restart", ZoneId.of("UTC"), new QueueSettings(
          List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(2), 5, LimitExclusion.CLOSED, true));
      open.setClosing(new ClosingSettings(Duration.ofMinutes(30), false));
      bean(before, ChannelService.class).save(open);
      bean(before, ChannelLifecycleSettingsService.class)
          .save(new ChannelLifecycleSettings(channel, null, null, null, new ConversationTimeout(TIMEOUT, null)));

      // The operator wrote, the client has not answered: the timeout clock runs.
      silent = inProgress(before, channel, anna);
      bean(before, ClientSilenceService.class).operatorReplied(silent);
      assertThat(conversation(before, silent).getDeadlines().inactivityTimeoutAt()).isNotNull();

      // Closed and in its rating wait; the client writes again just before the restart.
      cameBack = inProgress(before, channel, anna);
      bean(before, ConversationCommands.class).close(cameBack, anna, "close-" + cameBack);
      await().atMost(WAIT).until(() -> conversation(before, cameBack).getDeadlines() != null
          && conversation(before, cameBack).getDeadlines().ratingWaitEndsAt() != null);
      assertThat(bean(before, RatingWaitService.class).requestReopen(cameBack)).isTrue();
    }

    try (ConfigurableApplicationContext after = startApplication()) {
      ZeebeTestEngine engine = after.getBean(ZeebeTestEngine.class);
      long silentKey = awaitRecovered(after, silent);
      long cameBackKey = awaitRecovered(after, cameBack);

      // The client who came back has the conversation and operator again.
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, cameBackKey)
          .hasPassedElement("reopen-for-operator").isWaitingAtElements("conversation-closed"));
      assertThat(conversation(after, cameBack).getStatus()).isEqualTo(ConversationStatus.IN_PROGRESS);
      assertThat(bean(after, RoutingService.class).state(cameBack).orElseThrow().getStatus()).isEqualTo(RoutingStatus.ASSIGNED);

      // The silent client's clock kept its deadline: the conversation closes itself when it runs out.
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, silentKey)
          .isWaitingAtElements("client-reply-time-over", "conversation-closed"));
      engine.increaseTime(TIMEOUT.plusMinutes(1));
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, silentKey)
          .hasPassedElement("close-for-silence")
          .hasPassedElementsInOrder("conversation-closed", "mark-closed", "free-slot", "send-closing-text", "set-rating-wait")
          .isWaitingAtElements("rating-wait"));
      assertThat(conversation(after, silent).getStatus()).isEqualTo(ConversationStatus.CLOSED);
    }
  }
}
