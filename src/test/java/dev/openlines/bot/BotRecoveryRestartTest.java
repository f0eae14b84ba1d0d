package dev.openlines.bot;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.OpenLinesApplication;
import dev.openlines.channel.BotSettings;
import dev.openlines.channel.BotSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.embedded.EmbeddedRuntime;
import io.camunda.client.CamundaClient;
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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A conversation with the chat bot survives a restart of the embedded runtime: its process is recreated
 * at the bot wait, with the stored silence deadline, and the bot can still hand it off; a silent bot
 * still loses it to the operators.
 */
class BotRecoveryRestartTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final Duration SILENCE = Duration.ofMinutes(10);

  @TempDir Path dir;

  ConfigurableApplicationContext startApplication() {
    return new SpringApplicationBuilder(OpenLinesApplication.class).run(
        "--openlines.embedded.store.path=" + dir.resolve("store.mv.db"),
        "--openlines.embedded.engine.state-dir=" + dir.resolve("engine"),
        "--server.port=0");
  }

  static List<String> openOffers(ConfigurableApplicationContext app, String conversationId) {
    return app.getBean(RoutingService.class).offers(conversationId).stream()
        .filter(o -> o.status() == OfferStatus.OFFERED).map(Offer::operatorId).toList();
  }

  static Conversation conversation(ConfigurableApplicationContext app, String id) {
    return app.getBean(ConversationRepository.class).findById(id).orElseThrow();
  }

  static String start(ConfigurableApplicationContext app, String channelId) {
    String id = "conv-" + UUID.randomUUID();
    app.getBean(ConversationRepository.class)
        .save(new Conversation(id, channelId, "livechat", "client-" + id, app.getBean(Clock.class).instant()));
    app.getBean(CamundaClient.class).newCreateInstanceCommand().bpmnProcessId(Workflow.Process.CONVERSATION).latestVersion()
        .variables(Map.of(Workflow.Variable.CONVERSATION_ID, id, Workflow.Variable.CHANNEL_ID, channelId))
        .send().join();
    return id;
  }

  static long awaitRecovered(ConfigurableApplicationContext app, String conversationId) {
    String run = app.getBean(EmbeddedRuntime.class).engineRunId();
    await().atMost(WAIT).until(() -> {
      Conversation c = conversation(app, conversationId);
      return run.equals(c.getEngineRunId()) && c.getProcessInstanceKey() != null;
    });
    return conversation(app, conversationId).getProcessInstanceKey();
  }

  @Test
  void aConversationWithTheBotIsBackAtTheBotWaitAfterARestart() throws Exception {
    String anna = "anna-" + UUID.randomUUID();
    String channel = "bot-restart-" + UUID.randomUUID();
    String handedOff;
    String silent;
    Instant silentUntil;
    try (FakeBotWebhook webhook = new FakeBotWebhook()) {
      try (ConfigurableApplicationContext before = startApplication()) {
        before.getBean(OperatorService.class).create(new Operator(anna, "Anna", Set.of()));
        before.getBean(OperatorService.class).changePresence(anna, Presence.ONLINE);
        before.getBean(ChannelService.class).save(new OpenChannel(channel, "Bot", ZoneId.of("UTC"),
            new QueueSettings(List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(2), 10,
                LimitExclusion.CLOSED, true)));
        before.getBean(BotSettingsService.class).save(new BotSettings(channel, true, webhook.url(), "restart-secret-0123", SILENCE));

        handedOff = start(before, channel);
        silent = start(before, channel);
        for (String id : List.of(handedOff, silent)) {
          await().atMost(WAIT).until(() -> conversation(before, id).getStatus() == ConversationStatus.WITH_BOT
              && conversation(before, id).getDeadlines() != null && conversation(before, id).getDeadlines().botSilentUntil() != null);
        }
        silentUntil = conversation(before, silent).getDeadlines().botSilentUntil();
        assertThat(webhook.calls()).hasSize(2);
      }

      try (ConfigurableApplicationContext after = startApplication()) {
        ZeebeTestEngine engine = after.getBean(ZeebeTestEngine.class);
        long handedOffKey = awaitRecovered(after, handedOff);
        long silentKey = awaitRecovered(after, silent);
        await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
          assertThatProcess(engine, handedOffKey).isWaitingAtElements("wait-for-bot").hasNotPassedElement("hand-to-bot");
          assertThatProcess(engine, silentKey).isWaitingAtElements("wait-for-bot");
        });
        assertThat(variable(engine, silentKey, Workflow.Variable.BOT_SILENT_UNTIL)).contains(silentUntil.toString());
        // The bot is not told a second time: it still has the conversation.
        assertThat(webhook.calls()).hasSize(2);

        after.getBean(BotApiService.class).handOff(handedOff, null);
        await().atMost(WAIT).until(() -> openOffers(after, handedOff).equals(List.of(anna)));
        assertThat(openOffers(after, silent)).isEmpty();

        engine.increaseTime(SILENCE.plusMinutes(1));
        await().atMost(WAIT).until(() -> openOffers(after, silent).equals(List.of(anna)));
        await().atMost(WAIT).pollInSameThread().untilAsserted(() ->
            assertThatProcess(engine, silentKey).hasPassedElementsInOrder("bot-silent", "hand-to-operators", "check-working-hours"));
      }
    }
  }

  /**
   * The service stops after the bot's close or hand-off was accepted and stored but before the process caught
   * the message: the recreated process must still follow the bot, not the silence timer.
   */
  @Test
  void aBotDecisionAcceptedJustBeforeARestartIsFollowedAfterIt() throws Exception {
    String anna = "anna-" + UUID.randomUUID();
    String channel = "bot-decided-" + UUID.randomUUID();
    String closed;
    String handedOff;
    try (FakeBotWebhook webhook = new FakeBotWebhook()) {
      try (ConfigurableApplicationContext before = startApplication()) {
        before.getBean(OperatorService.class).create(new Operator(anna, "Anna", Set.of()));
        before.getBean(OperatorService.class).changePresence(anna, Presence.ONLINE);
        before.getBean(ChannelService.class).save(new OpenChannel(channel, "Bot", ZoneId.of("UTC"),
            new QueueSettings(List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(2), 10,
                LimitExclusion.CLOSED, true)));
        before.getBean(BotSettingsService.class).save(new BotSettings(channel, true, webhook.url(), "restart-secret-0123", SILENCE));

        closed = start(before, channel);
        handedOff = start(before, channel);
        for (String id : List.of(closed, handedOff)) {
          await().atMost(WAIT).until(() -> conversation(before, id).getStatus() == ConversationStatus.WITH_BOT
              && conversation(before, id).getDeadlines() != null && conversation(before, id).getDeadlines().botSilentUntil() != null);
        }
        // Stored as the bot API stores them; the messages to the process were lost with the engine.
        assertThat(before.getBean(BotPhase.class).decide(closed, BotPhase.Decision.CLOSE)).isEqualTo(BotPhase.Outcome.DECIDED);
        assertThat(before.getBean(BotPhase.class).decide(handedOff, BotPhase.Decision.HAND_OFF)).isEqualTo(BotPhase.Outcome.DECIDED);
      }

      try (ConfigurableApplicationContext after = startApplication()) {
        ZeebeTestEngine engine = after.getBean(ZeebeTestEngine.class);
        long closedKey = awaitRecovered(after, closed);
        long handedOffKey = awaitRecovered(after, handedOff);

        await().atMost(WAIT).until(() -> conversation(after, closed).getStatus() == ConversationStatus.CLOSED);
        await().atMost(WAIT).until(() -> openOffers(after, handedOff).equals(List.of(anna)));
        await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
          assertThatProcess(engine, closedKey).hasPassedElement("bot-closed").hasNotPassedElement("bot-silent");
          assertThatProcess(engine, handedOffKey).hasPassedElement("bot-handed-off").hasNotPassedElement("bot-silent");
        });

        engine.increaseTime(SILENCE.plusMinutes(1));
        await().atMost(WAIT).pollInSameThread().untilAsserted(() ->
            assertThatProcess(engine, closedKey).hasNotPassedElement("bot-silent"));
        assertThat(openOffers(after, closed)).isEmpty();
        assertThat(conversation(after, closed).getStatus()).isEqualTo(ConversationStatus.CLOSED);
        assertThat(webhook.calls()).hasSize(2);
      }
    }
  }
}
