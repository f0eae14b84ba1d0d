package dev.openlines.bot;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.BotSettings;
import dev.openlines.channel.BotSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.conversation.BotPhase;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.testing.RestartableApplication;
import dev.openlines.workflow.Workflow;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation with the chat bot survives a restart of the embedded runtime: its process is recreated
 * at the bot wait, with the stored silence deadline, and the bot can still hand it off; a silent bot
 * still loses it to the operators.
 */
class BotRecoveryRestartTest {

  static final Duration WAIT = RestartableApplication.WAIT;
  static final Duration SILENCE = Duration.ofMinutes(10);

  @TempDir Path dir;

  /** Anna online in a channel whose conversations go to the bot first, then to her. */
  static String botChannel(RestartableApplication app, String anna, FakeBotWebhook webhook) {
    String channel = "bot-restart-" + UUID.randomUUID();
    app.bean(OperatorService.class).create(new Operator(anna, "Anna", Set.of()));
    app.bean(OperatorService.class).changePresence(anna, Presence.ONLINE);
    app.bean(ChannelService.class).save(new OpenChannel(channel, "Bot", ZoneId.of("UTC"),
        new QueueSettings(List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(2), 10,
            LimitExclusion.CLOSED, true)));
    app.bean(BotSettingsService.class).save(new BotSettings(channel, true, webhook.url(), "restart-secret-0123", SILENCE));
    return channel;
  }

  /** Started and handed to the bot, with its silence deadline stored. */
  static String startWithTheBot(RestartableApplication app, String channel) {
    String id = app.startConversation(channel);
    await().atMost(WAIT).until(() -> app.conversation(id).getStatus() == ConversationStatus.WITH_BOT
        && app.conversation(id).getDeadlines() != null && app.conversation(id).getDeadlines().botSilentUntil() != null);
    return id;
  }

  @Test
  void aConversationWithTheBotIsBackAtTheBotWaitAfterARestart() throws Exception {
    String anna = "anna-" + UUID.randomUUID();
    String handedOff;
    String silent;
    Instant silentUntil;
    try (FakeBotWebhook webhook = new FakeBotWebhook()) {
      try (RestartableApplication before = RestartableApplication.start(dir)) {
        String channel = botChannel(before, anna, webhook);
        handedOff = startWithTheBot(before, channel);
        silent = startWithTheBot(before, channel);
        silentUntil = before.conversation(silent).getDeadlines().botSilentUntil();
        assertThat(webhook.calls()).hasSize(2);
      }

      try (RestartableApplication after = RestartableApplication.start(dir)) {
        ZeebeTestEngine engine = after.engine();
        long handedOffKey = after.awaitRecovered(handedOff);
        long silentKey = after.awaitRecovered(silent);
        await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
          assertThatProcess(engine, handedOffKey).isWaitingAtElements("wait-for-bot").hasNotPassedElement("hand-to-bot");
          assertThatProcess(engine, silentKey).isWaitingAtElements("wait-for-bot");
        });
        assertThat(variable(engine, silentKey, Workflow.Variable.BOT_SILENT_UNTIL)).contains(silentUntil.toString());
        // The bot is not told a second time: it still has the conversation.
        assertThat(webhook.calls()).hasSize(2);

        after.bean(BotApiService.class).handOff(handedOff, null);
        await().atMost(WAIT).until(() -> after.openOffers(handedOff).equals(List.of(anna)));
        assertThat(after.openOffers(silent)).isEmpty();

        engine.increaseTime(SILENCE.plusMinutes(1));
        await().atMost(WAIT).until(() -> after.openOffers(silent).equals(List.of(anna)));
        await().atMost(WAIT).pollInSameThread().untilAsserted(() ->
            assertThatProcess(engine, silentKey).hasPassedElementsInOrder("bot-silent", "hand-to-operators", "always-open"));
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
    String closed;
    String handedOff;
    try (FakeBotWebhook webhook = new FakeBotWebhook()) {
      try (RestartableApplication before = RestartableApplication.start(dir)) {
        String channel = botChannel(before, anna, webhook);
        closed = startWithTheBot(before, channel);
        handedOff = startWithTheBot(before, channel);
        // Stored as the bot API stores them; the messages to the process were lost with the engine.
        assertThat(before.bean(BotPhase.class).decide(closed, BotPhase.Decision.CLOSE)).isEqualTo(BotPhase.Outcome.DECIDED);
        assertThat(before.bean(BotPhase.class).decide(handedOff, BotPhase.Decision.HAND_OFF)).isEqualTo(BotPhase.Outcome.DECIDED);
      }

      try (RestartableApplication after = RestartableApplication.start(dir)) {
        ZeebeTestEngine engine = after.engine();
        long closedKey = after.awaitRecovered(closed);
        long handedOffKey = after.awaitRecovered(handedOff);

        await().atMost(WAIT).until(() -> after.conversation(closed).getStatus() == ConversationStatus.CLOSED);
        await().atMost(WAIT).until(() -> after.openOffers(handedOff).equals(List.of(anna)));
        await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
          assertThatProcess(engine, closedKey).hasPassedElement("bot-closed").hasNotPassedElement("bot-silent");
          assertThatProcess(engine, handedOffKey).hasPassedElement("bot-handed-off").hasNotPassedElement("bot-silent");
        });

        engine.increaseTime(SILENCE.plusMinutes(1));
        await().atMost(WAIT).pollInSameThread().untilAsserted(() ->
            assertThatProcess(engine, closedKey).hasNotPassedElement("bot-silent"));
        assertThat(after.openOffers(closed)).isEmpty();
        assertThat(after.conversation(closed).getStatus()).isEqualTo(ConversationStatus.CLOSED);
        assertThat(webhook.calls()).hasSize(2);
      }
    }
  }
}
