package dev.openlines.channel;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.WorkingHours.OpenInterval;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.kpi.SupervisorNotificationStore;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.testing.SupportDesk;
import dev.openlines.testing.SupportDesks;
import dev.openlines.workflow.Workflow;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * A channel's working hours, set by the admin through the API, decide whether a client's first message
 * is served at once or waits for the next opening (on the engine's clock, moved by time travel).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkingHoursProcessTest {

  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;
  @Autowired ConversationRepository conversations;
  @Autowired ClientConversations clients;
  @Autowired SupportDesks desks;
  @Autowired TestRestTemplate http;
  @Autowired MeterRegistry meters;

  SupportDesk desk;
  String anna;

  @BeforeEach
  void desk() {
    desk = desks.open();
    anna = desk.operator("Anna");
  }

  /** A channel of anna's with these working hours (none: always open) and no automatic texts. */
  String channelWith(WorkingHours hours) {
    String channel = desk.channel("hours", anna);
    if (hours != null) {
      desk.lifecycle(channel, Map.of("workingHours", hours));
    }
    return channel;
  }

  void eventually(Started c, ThrowingConsumer<ProcessInstanceAssert> check) {
    await().atMost(SupportDesk.WAIT).untilAsserted(() -> check.accept(assertThatProcess(engine, c.key())));
  }

  void awaitOfferedToAnna(Started c) {
    await().atMost(SupportDesk.WAIT).untilAsserted(() -> assertThat(desk.openOffers(c.conversationId())).containsExactly(anna));
  }

  @Test
  void anOpenChannelServesAtOnce() {
    Map<DayOfWeek, List<OpenInterval>> allDay = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      allDay.put(day, List.of(new OpenInterval(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
    }
    Started c = clients.start(channelWith(new WorkingHours("Asia/Tokyo", allDay, List.of())));

    awaitOfferedToAnna(c);
    eventually(c, p -> p.hasPassedElementsInOrder("check-working-hours", "open-now", "route-now").hasNotPassedElement("channel-opens"));
    assertThat(variable(engine, c.key(), Workflow.Variable.WITHIN_WORKING_HOURS)).contains(true);
  }

  @Test
  void aClosedChannelWaitsUntilItsNextOpeningTime() {
    // Open only one hour, two days from now: closed now, whatever the engine's clock says.
    ZonedDateTime opening = clock.instant().atZone(ZoneOffset.UTC).plusDays(2).withHour(9).withMinute(0).withSecond(0).withNano(0);
    String channel = channelWith(new WorkingHours("UTC",
        Map.of(opening.getDayOfWeek(), List.of(new OpenInterval(LocalTime.of(9, 0), LocalTime.of(10, 0)))), List.of()));

    Started c = clients.start(channel);

    eventually(c, p -> p.hasPassedElement("check-working-hours").isWaitingAtElements("wait-for-opening"));
    await().atMost(SupportDesk.WAIT).untilAsserted(() -> {
      assertThat(conversations.findById(c.conversationId()).orElseThrow().getDeadlines().reopensAt()).isEqualTo(opening.toInstant());
      assertThat(variable(engine, c.key(), Workflow.Variable.WITHIN_WORKING_HOURS)).contains(false);
      assertThat(variable(engine, c.key(), Workflow.Variable.NEXT_OPENING)).contains(opening.toInstant().toString());
    });
    assertThat(desk.openOffers(c.conversationId())).isEmpty();

    engine.increaseTime(Duration.between(clock.instant(), opening.toInstant()).minusMinutes(1));
    eventually(c, p -> p.isWaitingAtElements("wait-for-opening"));
    assertThat(desk.openOffers(c.conversationId())).isEmpty();

    engine.increaseTime(Duration.ofMinutes(2));
    awaitOfferedToAnna(c);
    eventually(c, p -> p.hasPassedElementsInOrder("channel-opens", "route-now"));
  }

  /** Open only 09:00-10:00 UTC on that day's weekday. */
  static WorkingHours openOnlyAt(ZonedDateTime opening) {
    return new WorkingHours("UTC",
        Map.of(opening.getDayOfWeek(), List.of(new OpenInterval(LocalTime.of(9, 0), LocalTime.of(10, 0)))), List.of());
  }

  ZonedDateTime nineOClockInDays(int days) {
    return clock.instant().atZone(ZoneOffset.UTC).plusDays(days).withHour(9).withMinute(0).withSecond(0).withNano(0);
  }

  @Test
  void aClientWaitingForTheOpeningIsServedAtOnceWhenTheAdminOpensTheChannelNow() {
    String channel = channelWith(openOnlyAt(nineOClockInDays(2)));
    Started c = clients.start(channel);
    eventually(c, p -> p.isWaitingAtElements("wait-for-opening"));

    Map<DayOfWeek, List<OpenInterval>> allDay = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      allDay.put(day, List.of(new OpenInterval(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
    }
    desk.lifecycle(channel, Map.of("workingHours", new WorkingHours("UTC", allDay, List.of())));

    // The engine's clock is not moved: only the admin's save can have served the client.
    awaitOfferedToAnna(c);
    eventually(c, p -> p.hasPassedElementsInOrder("working-hours-changed", "check-working-hours-again", "open-after-change", "route-now"));
    assertThat(conversations.findById(c.conversationId()).orElseThrow().getDeadlines().reopensAt()).isNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aClientWaitingForTheOpeningIsServedAtOnceWhenTheAdminLetsTheChannelQueueOutsideItsHours() {
    String channel = channelWith(openOnlyAt(nineOClockInDays(2)));
    Started c = clients.start(channel);
    eventually(c, p -> p.isWaitingAtElements("wait-for-opening"));

    Map<String, Object> settings = http.exchange("/api/admin/channels/" + channel, HttpMethod.GET,
        ApiTokens.request(ApiTokens.ADMIN), Map.class).getBody();
    settings.put("queueOutsideWorkingHours", true);
    assertThat(http.exchange("/api/admin/channels/" + channel, HttpMethod.PUT, ApiTokens.request(ApiTokens.ADMIN, settings),
        String.class).getStatusCode().value()).isEqualTo(200);

    awaitOfferedToAnna(c);
    eventually(c, p -> p.hasPassedElementsInOrder("check-working-hours-again", "open-after-change", "route-now"));
  }

  @Test
  void aLaterOpeningSetByTheAdminMovesTheWait() {
    ZonedDateTime firstOpening = nineOClockInDays(2);
    ZonedDateTime laterOpening = nineOClockInDays(3);
    String channel = channelWith(openOnlyAt(firstOpening));
    Started c = clients.start(channel);
    eventually(c, p -> p.isWaitingAtElements("wait-for-opening"));

    desk.lifecycle(channel, Map.of("workingHours", openOnlyAt(laterOpening)));

    await().atMost(SupportDesk.WAIT).untilAsserted(() -> assertThat(
        conversations.findById(c.conversationId()).orElseThrow().getDeadlines().reopensAt()).isEqualTo(laterOpening.toInstant()));
    eventually(c, p -> p.hasPassedElementsInOrder("check-working-hours-again", "open-after-change").isWaitingAtElements("wait-for-opening"));

    engine.increaseTime(Duration.between(clock.instant(), laterOpening.toInstant()).minusMinutes(1));
    eventually(c, p -> p.isWaitingAtElements("wait-for-opening"));
    assertThat(desk.openOffers(c.conversationId())).isEmpty();

    engine.increaseTime(Duration.ofMinutes(2));
    awaitOfferedToAnna(c);
  }

  @Test
  void aLaterOpeningTheWaitingClientNeverHeardOfIsFoundAtTheOldOpening(
      @Autowired MongoTemplate mongo, @Autowired ChannelLifecycleSettingsService lifecycle) {
    ZonedDateTime firstOpening = nineOClockInDays(2);
    ZonedDateTime laterOpening = nineOClockInDays(3);
    String channel = channelWith(openOnlyAt(firstOpening));
    Started c = clients.start(channel);
    eventually(c, p -> p.isWaitingAtElements("wait-for-opening"));

    // The new hours are stored, but the service stopped before it told the waiting clients.
    mongo.save(new ChannelLifecycleSettings(channel, openOnlyAt(laterOpening), null, null));
    await().atMost(SupportDesk.WAIT).until(() -> lifecycle.workingHours(channel).equals(java.util.Optional.of(openOnlyAt(laterOpening))));

    engine.increaseTime(Duration.between(clock.instant(), firstOpening.toInstant()).plusMinutes(1));
    eventually(c, p -> p.hasPassedElementsInOrder("channel-opens", "check-working-hours-again", "open-after-change")
        .isWaitingAtElements("wait-for-opening"));
    assertThat(desk.openOffers(c.conversationId())).isEmpty();
    assertThat(conversations.findById(c.conversationId()).orElseThrow().getDeadlines().reopensAt()).isEqualTo(laterOpening.toInstant());

    engine.increaseTime(Duration.between(clock.instant(), laterOpening.toInstant()).plusMinutes(1));
    awaitOfferedToAnna(c);
    assertThat(conversations.findById(c.conversationId()).orElseThrow().getDeadlines().reopensAt())
        .as("the wait for the opening is over").isNull();
  }

  static final Duration FIRST_REPLY_LIMIT = Duration.ofMinutes(15);

  /** A channel of anna's open only 09:00-10:00 UTC on that day's weekday, whose late first replies go to the supervisor. */
  String channelWithFirstReplyLimit(ZonedDateTime opening, String supervisor) {
    String channel = desk.channel("hours", anna);
    desk.lifecycle(channel, Map.of("workingHours", openOnlyAt(opening), "kpi", firstReplyLimitFor(supervisor)));
    return channel;
  }

  static Map<String, Object> firstReplyLimitFor(String supervisor) {
    return Map.of("firstResponseLimit", FIRST_REPLY_LIMIT.toString(), "notificationText", "#OPERATOR# has not answered #DIALOG# in time",
        "recipients", List.of(supervisor));
  }

  /** The time-to-offer meter's total over all first offers so far. */
  double secondsWaitedForFirstOffers() {
    return meters.get("openlines.conversation.time.to.offer").timer().totalTime(TimeUnit.SECONDS);
  }

  Instant firstReplyDue(Started c) {
    return Instant.parse((String) variable(engine, c.key(), Workflow.Variable.KPI_DUE_AT).orElseThrow());
  }

  @Test
  void aClientHeldForTheNightIsNotLateBeforeTheOpeningTheFirstReplyCountsFromIt(@Autowired SupervisorNotificationStore notifications) {
    ZonedDateTime opening = nineOClockInDays(2);
    String supervisor = "supervisor-" + UUID.randomUUID();
    Started c = clients.start(channelWithFirstReplyLimit(opening, supervisor));
    eventually(c, p -> p.isWaitingAtElements("wait-for-opening"));

    // Far past the limit counted from the client's message, the operators' turn has not begun: no clock runs.
    engine.increaseTime(FIRST_REPLY_LIMIT.multipliedBy(2));
    eventually(c, p -> p.isWaitingAtElements("wait-for-opening").hasNotPassedElement("start-first-reply-clock")
        .hasNotPassedElement("first-reply-late"));
    assertThat(conversations.findById(c.conversationId()).orElseThrow().getDeadlines().firstReplyDueAt()).isNull();

    double waitedBefore = secondsWaitedForFirstOffers();
    engine.increaseTime(Duration.between(clock.instant(), opening.toInstant()).plusMinutes(1));
    awaitOfferedToAnna(c);
    eventually(c, p -> p.hasPassedElementsInOrder("channel-opens", "operators-turn", "start-first-reply-clock")
        .isWaitingAtElements("wait-for-first-reply"));
    assertThat(firstReplyDue(c)).isEqualTo(opening.toInstant().plus(FIRST_REPLY_LIMIT));
    assertThat(notifications.inbox(supervisor)).isEmpty();
    await().atMost(SupportDesk.WAIT).until(() -> secondsWaitedForFirstOffers() > waitedBefore);
    assertThat(secondsWaitedForFirstOffers() - waitedBefore).as("the time to offer counts from the opening, not over the night")
        .isBetween(60.0, 300.0);

    engine.increaseTime(FIRST_REPLY_LIMIT);
    await().atMost(SupportDesk.WAIT).untilAsserted(() -> assertThat(notifications.inbox(supervisor)).singleElement()
        .satisfies(late -> assertThat(late.limit()).isEqualTo(KpiLimit.FIRST_RESPONSE)));
  }

  @Test
  void aClientServedWhenTheAdminOpensTheChannelCountsTheFirstReplyFromTheChange() {
    String supervisor = "supervisor-" + UUID.randomUUID();
    String channel = channelWithFirstReplyLimit(nineOClockInDays(2), supervisor);
    Started c = clients.start(channel);
    eventually(c, p -> p.isWaitingAtElements("wait-for-opening"));
    engine.increaseTime(FIRST_REPLY_LIMIT.multipliedBy(2));

    Map<DayOfWeek, List<OpenInterval>> allDay = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      allDay.put(day, List.of(new OpenInterval(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
    }
    Instant beforeTheChange = clock.instant();
    desk.lifecycle(channel, Map.of("workingHours", new WorkingHours("UTC", allDay, List.of()), "kpi", firstReplyLimitFor(supervisor)));
    Instant afterTheChange = clock.instant();

    awaitOfferedToAnna(c);
    eventually(c, p -> p.hasPassedElementsInOrder("working-hours-changed", "operators-turn", "start-first-reply-clock"));
    assertThat(firstReplyDue(c)).isBetween(beforeTheChange.plus(FIRST_REPLY_LIMIT), afterTheChange.plus(FIRST_REPLY_LIMIT));
  }

  @Test
  void aChannelWithoutScheduleIsAlwaysOpen() {
    Started c = clients.start(channelWith(null));

    awaitOfferedToAnna(c);
    eventually(c, p -> p.hasPassedElementsInOrder("always-open", "route-now").hasNotPassedElement("check-working-hours"));
    assertThat(variable(engine, c.key(), Workflow.Variable.WITHIN_WORKING_HOURS)).contains(true);
  }

  @Test
  void invalidWorkingHoursAreNotSaved() {
    String channel = channelWith(null);
    var invalid = new WorkingHours("Mars/Olympus", Map.of(), List.of());

    ResponseEntity<String> refused = desk.admin().putLifecycle(channel, Map.of("workingHours", invalid));

    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(refused.getBody()).contains("IANA time zone");
    assertThat(desk.admin().lifecycle(channel)).as("nothing saved: the channel still has no working hours")
        .containsEntry("workingHours", null);
  }

  @Test
  void workingHoursSurviveTheRoundTripThroughTheApi(@Autowired ChannelLifecycleSettingsService settings) {
    WorkingHours hours = WorkingHoursCalendarTest.officeHours("Europe/Berlin",
        new WorkingHours.Holiday(java.time.LocalDate.parse("2026-12-24"), java.time.LocalDate.parse("2027-01-02"), "Break"));
    String channel = channelWith(hours);

    assertThat(desk.admin().lifecycle(channel)).extractingByKey("workingHours").asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("timeZone", "Europe/Berlin");
    assertThat(settings.workingHours(channel)).contains(hours);
    assertThat(new WorkingHoursCalendar().nextOpening(settings.workingHours(channel).orElseThrow(), Instant.parse("2026-12-23T17:30:00Z")))
        .contains(Instant.parse("2027-01-04T08:00:00Z"));
  }
}
