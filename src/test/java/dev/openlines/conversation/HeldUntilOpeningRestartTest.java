package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
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
import dev.openlines.channel.WorkingHours;
import dev.openlines.channel.WorkingHours.OpenInterval;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.testing.RestartableApplication;
import dev.openlines.workflow.Workflow;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A client who wrote outside working hours and waits for the channel to open still waits for it after a
 * restart, next to an operator who is online: the recreated process reads the hours again instead of
 * routing the conversation as if the channel were open.
 */
class HeldUntilOpeningRestartTest {

  static final Duration WAIT = RestartableApplication.WAIT;

  @TempDir Path dir;

  @Test
  void aClientHeldUntilTheOpeningStillWaitsForItAfterARestart() {
    String anna = "anna-" + UUID.randomUUID();
    String conversationId;
    ZonedDateTime opening;
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      opening = twoDaysAhead(before);
      conversationId = heldUntil(before, opening, anna, null);
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      ZeebeTestEngine engine = after.engine();
      long key = after.awaitRecovered(conversationId);
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, key)
          .hasPassedElementsInOrder("check-working-hours-again", "open-after-change")
          .isWaitingAtElements("wait-for-opening"));
      assertThat(after.openOffers(conversationId)).isEmpty();
      assertThat(after.conversation(conversationId).getDeadlines().reopensAt()).isEqualTo(opening.toInstant());

      engine.increaseTime(Duration.between(after.bean(Clock.class).instant(), opening.toInstant()).plusMinutes(1));
      await().atMost(WAIT).until(() -> after.openOffers(conversationId).equals(List.of(anna)));
    }
  }

  @Test
  void aClientHeldUntilTheOpeningAndServedAfterARestartCountsTheFirstReplyFromThen() {
    String anna = "anna-" + UUID.randomUUID();
    String conversationId;
    Duration limit = Duration.ofMinutes(15);
    KpiSettings kpi = new KpiSettings(limit, Duration.ofMinutes(30), "#OPERATOR# is late", List.of("supervisor-" + UUID.randomUUID()));
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      conversationId = heldUntil(before, twoDaysAhead(before), anna, kpi);
      String channel = before.conversation(conversationId).getChannelId();
      // The admin opens the channel all day, and the service stops before it tells the waiting client.
      before.bean(MongoTemplate.class).save(new ChannelLifecycleSettings(channel, new WorkingHours("UTC", allDay(), List.of()), null, kpi));
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      ZeebeTestEngine engine = after.engine();
      Instant restarted = after.bean(Clock.class).instant();
      long key = after.awaitRecovered(conversationId);
      await().atMost(WAIT).until(() -> after.openOffers(conversationId).equals(List.of(anna)));
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, key)
          .hasPassedElementsInOrder("check-working-hours-again", "operators-turn", "start-first-reply-clock")
          .isWaitingAtElements("wait-for-first-reply"));
      Instant due = Instant.parse((String) variable(engine, key, Workflow.Variable.KPI_DUE_AT).orElseThrow());
      assertThat(due).as("counted from when the recreated process served it")
          .isBetween(restarted.plus(limit), after.bean(Clock.class).instant().plus(limit));
    }
  }

  /** Nine o'clock UTC two days from the engine's now: the channel is closed now, whatever that clock says. */
  private static ZonedDateTime twoDaysAhead(RestartableApplication app) {
    return app.bean(Clock.class).instant().atZone(ZoneOffset.UTC).plusDays(2).withHour(9).withMinute(0).withSecond(0).withNano(0);
  }

  /**
   * A visitor writes to a channel of anna's (online) that is open only 09:00-10:00 on the opening's day, with these
   * KPI limits (null: none): the conversation waits for the opening. Its id.
   */
  private static String heldUntil(RestartableApplication app, ZonedDateTime opening, String anna, KpiSettings kpi) {
    OperatorService operators = app.bean(OperatorService.class);
    operators.create(new Operator(anna, "Anna", Set.of()));
    operators.changePresence(anna, Presence.ONLINE);
    String channel = "held-" + UUID.randomUUID();
    app.bean(ChannelService.class).save(new OpenChannel(channel, "Held", ZoneId.of("UTC"),
        new QueueSettings(List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(2), 2,
            LimitExclusion.CLOSED, true)));
    app.bean(ChannelLifecycleSettingsService.class).save(new ChannelLifecycleSettings(channel, new WorkingHours("UTC",
        Map.of(opening.getDayOfWeek(), List.of(new OpenInterval(LocalTime.of(9, 0), LocalTime.of(10, 0)))), List.of()), null, kpi));
    ConnectorSettings connector = app.bean(ConnectorSettingsService.class).create(new ConnectorSettings(null, channel,
        "livechat", ConnectorSettings.DEFAULT_MAX_ATTACHMENT_BYTES, null, new LiveChatSettings(false, null)));
    String conversationId = app.bean(InboundMessageService.class).receive(new InboundMessage("livechat", connector.id(),
        "ext-" + UUID.randomUUID(), "visitor-" + UUID.randomUUID(), new InboundMessage.ClientProfile("Nia", null, null, "en"),
        "Are you open?", List.of(), false, app.bean(Clock.class).instant()), connector).conversationId();
    long key = await().atMost(WAIT).until(() -> app.conversation(conversationId).getProcessInstanceKey(), k -> k != null);
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(app.engine(), key).isWaitingAtElements("wait-for-opening"));
    return conversationId;
  }

  private static Map<DayOfWeek, List<OpenInterval>> allDay() {
    Map<DayOfWeek, List<OpenInterval>> allDay = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      allDay.put(day, List.of(new OpenInterval(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
    }
    return allDay;
  }
}
