package dev.openlines.channel;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.WorkingHours.OpenInterval;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.testing.TestModels;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import jakarta.validation.ConstraintViolationException;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkingHoursProcessTest {

  @Autowired CamundaClient client;
  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;
  @Autowired ChannelLifecycleSettingsService settings;

  @BeforeEach
  void deploy() {
    TestModels.deploy(client, "working-hours.bpmn");
  }

  @Autowired ConversationRepository conversations;

  private long start(String channelId) {
    return start(channelId, Map.of(Workflow.Variable.CHANNEL_ID, channelId));
  }

  private long start(String channelId, Map<String, Object> variables) {
    return client.newCreateInstanceCommand().bpmnProcessId("test-working-hours").latestVersion()
        .variables(variables).send().join().getProcessInstanceKey();
  }

  private String channelWith(WorkingHours hours) {
    String channelId = "channel-" + UUID.randomUUID();
    settings.save(new ChannelLifecycleSettings(channelId, hours, null, null));
    return channelId;
  }

  @Test
  void anOpenChannelServesAtOnce() {
    Map<DayOfWeek, List<OpenInterval>> allDay = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      allDay.put(day, List.of(new OpenInterval(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
    }
    long instance = start(channelWith(new WorkingHours("Asia/Tokyo", allDay, List.of())));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThatProcess(engine, instance).hasPassedElementsInOrder("check-working-hours", "served").hasNotPassedElement("wait-for-opening").isCompleted());
  }

  @Test
  void aClosedChannelWaitsUntilItsNextOpeningTime() {
    // Open only one hour, two days from now: closed now, whatever the engine's clock says.
    ZonedDateTime opening = clock.instant().atZone(ZoneOffset.UTC).plusDays(2).withHour(9).withMinute(0).withSecond(0).withNano(0);
    var hours = new WorkingHours("UTC",
        Map.of(opening.getDayOfWeek(), List.of(new OpenInterval(LocalTime.of(9, 0), LocalTime.of(10, 0)))), List.of());
    String channelId = channelWith(hours);
    String conversationId = "conversation-" + UUID.randomUUID();
    conversations.save(new Conversation(conversationId, channelId, "test", "connector-1", "client-1", clock.instant()));
    long instance = start(channelId, Map.of(Workflow.Variable.CHANNEL_ID, channelId, Workflow.Variable.CONVERSATION_ID, conversationId));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThatProcess(engine, instance).isWaitingAtElements("wait-for-opening");
      assertThat(conversations.findById(conversationId).orElseThrow().getDeadlines().reopensAt()).isEqualTo(opening.toInstant());
      assertThat(variable(engine, instance, Workflow.Variable.WITHIN_WORKING_HOURS)).contains(false);
      assertThat(variable(engine, instance, Workflow.Variable.NEXT_OPENING)).contains(opening.toInstant().toString());
    });

    engine.increaseTime(Duration.between(clock.instant(), opening.toInstant()).minusMinutes(1));
    assertThatProcess(engine, instance).isWaitingAtElements("wait-for-opening");

    engine.increaseTime(Duration.ofMinutes(2));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThatProcess(engine, instance).hasPassedElementsInOrder("wait-for-opening", "served").isCompleted());
  }

  @Test
  void aChannelWithoutScheduleIsAlwaysOpen() {
    long instance = start("channel-without-settings-" + UUID.randomUUID());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
      {
        assertThatProcess(engine, instance).hasPassedElement("served").isCompleted();
        assertThat(variable(engine, instance, Workflow.Variable.WITHIN_WORKING_HOURS)).contains(true);
      });
  }

  @Test
  void invalidWorkingHoursAreNotSaved() {
    String channelId = "channel-" + UUID.randomUUID();
    var invalid = new WorkingHours("Mars/Olympus", Map.of(), List.of());
    assertThatThrownBy(() -> settings.save(new ChannelLifecycleSettings(channelId, invalid, null, null)))
        .isInstanceOf(ConstraintViolationException.class)
        .hasMessageContaining("IANA time zone");
    assertThat(settings.find(channelId)).isEmpty();
  }

  @Test
  void workingHoursSurviveTheStoreRoundTrip() {
    WorkingHours hours = WorkingHoursCalendarTest.officeHours("Europe/Berlin",
        new WorkingHours.Holiday(java.time.LocalDate.parse("2026-12-24"), java.time.LocalDate.parse("2027-01-02"), "Break"));
    String channelId = channelWith(hours);
    assertThat(settings.workingHours(channelId)).contains(hours);
    assertThat(new WorkingHoursCalendar().nextOpening(settings.workingHours(channelId).orElseThrow(), Instant.parse("2026-12-23T17:30:00Z")))
        .contains(Instant.parse("2027-01-04T08:00:00Z"));
  }
}
