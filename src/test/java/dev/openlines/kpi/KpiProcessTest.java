package dev.openlines.kpi;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.KpiLimit;
import dev.openlines.channel.KpiSettings;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationResponseTimes;
import dev.openlines.conversation.KpiBreach;
import dev.openlines.conversation.ResponseTime;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.OfferRequest;
import dev.openlines.routing.RoutingService;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.testing.SupportDesk;
import dev.openlines.testing.SupportDesks;
import dev.openlines.workflow.Workflow;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KpiProcessTest {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration FIRST_RESPONSE_LIMIT = Duration.ofMinutes(3);

  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;
  @Autowired ConversationRepository conversations;
  @Autowired ChannelLifecycleSettingsService settings;
  @Autowired ResponseTimeService responseTimes;
  @Autowired ConversationResponseTimes clientWaits;
  @Autowired SupervisorNotificationStore notifications;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired io.micrometer.core.instrument.MeterRegistry meters;

  String channelId;
  String conversationId;
  String supervisor;

  @Autowired ClientConversations clients;
  @Autowired dev.openlines.conversation.ConversationMessageStore messages;
  @Autowired SupportDesks desks;
  OperatorJourney annasDesk;
  String annaId;

  /** The service-level tests below work on a stored conversation of a channel with KPI limits. */
  @BeforeEach
  void setUp() {
    channelId = "channel-" + UUID.randomUUID();
    supervisor = "supervisor-" + UUID.randomUUID();
    settings.save(new ChannelLifecycleSettings(channelId, null, null,
        new KpiSettings(FIRST_RESPONSE_LIMIT, Duration.ofMinutes(10),
            "#OPERATOR# has not answered conversation #DIALOG# in time", List.of(supervisor, "supervisor-2"))));
    conversationId = "conversation-" + UUID.randomUUID();
    conversations.save(new Conversation(conversationId, channelId, "test", "connector-1", "client-1", clock.instant()));
  }

  /** Routes the conversation to a new operator who answers it now; returns the operator. */
  private String heldByAnOperator() {
    String operatorId = "anna-" + UUID.randomUUID();
    operators.create(new Operator(operatorId, "Anna", Set.of()));
    operators.changePresence(operatorId, Presence.ONLINE);
    channels.save(new OpenChannel(channelId, "KPI", ZoneId.of("UTC"), new QueueSettings(List.of(QueueEntry.operator(operatorId)),
        DistributionMode.STRICT, Duration.ofMinutes(2), null, LimitExclusion.CLOSED, true)));
    routing.offer("attempt-" + UUID.randomUUID(), new OfferRequest(conversationId, channelId, null, null));
    routing.answer(conversationId, operatorId);
    return operatorId;
  }

  /**
   * Through the public entries: the admin sets anna's channel's KPI limits, a client writes, anna answers
   * (her first reply then is due); the conversation.
   */
  private Started answeredByAnna() {
    SupportDesk desk = desks.open();
    annaId = desk.operator("Anna");
    String channel = desk.channel("kpi", annaId);
    desk.lifecycle(channel, Map.of("kpi", Map.of("firstResponseLimit", FIRST_RESPONSE_LIMIT.toString(), "subsequentResponseLimit", "PT10M",
        "notificationText", "#OPERATOR# has not answered conversation #DIALOG# in time", "recipients", List.of(supervisor, "supervisor-2"))));
    Started c = clients.start(channel);
    annasDesk = desk.answers(annaId, c.conversationId());
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, c.key()).isWaitingAtElements("wait-for-first-reply"));
    return c;
  }

  @Test
  void aLateFirstReplyNotifiesTheSupervisorsAndIsRecordedOnTheConversation() {
    Instant clientWrote = clock.instant();
    Started c = answeredByAnna();
    String id = c.conversationId();
    Instant due = Instant.parse((String) variable(engine, c.key(), Workflow.Variable.KPI_DUE_AT).orElseThrow());
    assertThat(Duration.between(clientWrote, due)).isBetween(FIRST_RESPONSE_LIMIT, FIRST_RESPONSE_LIMIT.plusSeconds(5));
    // Counted from the client's first message as stored, so a recreated process computes the same instant.
    assertThat(due).isEqualTo(messages.history(id).getFirst().getCreatedAt().plus(FIRST_RESPONSE_LIMIT));

    engine.increaseTime(FIRST_RESPONSE_LIMIT.plusSeconds(10));

    await().atMost(WAIT).untilAsserted(() ->
        assertThatProcess(engine, c.key()).hasPassedElementsInOrder("first-reply-late", "notify-late-first-reply", "late-first-reply-reported"));
    await().atMost(WAIT).untilAsserted(() -> assertThat(notifications.inbox(supervisor)).singleElement().satisfies(notification -> {
      assertThat(notification.text()).isEqualTo(
          "Anna has not answered conversation http://localhost:8080/console/?conversation=" + id + " in time");
      assertThat(notification.limit()).isEqualTo(KpiLimit.FIRST_RESPONSE);
      assertThat(notification.conversationId()).isEqualTo(id);
    }));
    Conversation stored = conversations.findById(id).orElseThrow();
    assertThat(stored.getKpiBreaches()).singleElement().satisfies(breach -> {
      assertThat(breach.limit()).isEqualTo(KpiLimit.FIRST_RESPONSE);
      assertThat(breach.operatorId()).isEqualTo(annaId);
      assertThat(breach.at()).isAfterOrEqualTo(due);
    });

    // The conversation goes on: the late reply still ends the wait and its response time is kept.
    assertThatProcess(engine, c.key()).isWaitingAtElements("wait-for-first-reply");
    annasDesk.reply(id, "Sorry for the wait.");
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, c.key()).hasPassedElement("first-replied"));
    assertThat(conversations.findById(id).orElseThrow().getFirstResponseMillis())
        .isGreaterThanOrEqualTo(FIRST_RESPONSE_LIMIT.toMillis());
    assertThat(meters.get(KpiMeters.BREACHES).tags("channel", c.channelId(), "response", "first").counter().count())
        .as("one breach, counted once").isEqualTo(1);
    assertThat(meters.get(KpiMeters.RESPONSE_TIME).tags("channel", c.channelId(), "response", "first").timer().count()).isEqualTo(1);
  }

  @Test
  void aReplyInTimeNotifiesNobody() {
    Started c = answeredByAnna();
    String id = c.conversationId();

    engine.increaseTime(Duration.ofMinutes(1));
    annasDesk.reply(id, "Hello, how can I help?");
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, c.key()).hasPassedElement("first-replied"));
    engine.increaseTime(FIRST_RESPONSE_LIMIT.multipliedBy(2));

    assertThatProcess(engine, c.key()).hasNotPassedElement("notify-late-first-reply");
    assertThat(notifications.inbox(supervisor)).isEmpty();
    Conversation stored = conversations.findById(id).orElseThrow();
    assertThat(stored.getKpiBreaches()).isEmpty();
    assertThat(stored.getFirstResponseMillis()).isBetween(Duration.ofMinutes(1).toMillis(), Duration.ofMinutes(1).plusSeconds(5).toMillis());
    assertThat(stored.getDeadlines() == null ? null : stored.getDeadlines().kpiDueAt()).isNull();
  }

  @Test
  void aRepeatedBreachOfTheSameStepIsRecordedAndNotifiedOnce(@Autowired KpiService kpi) {
    heldByAnOperator();
    assertThat(kpi.recordBreach(conversationId, channelId, KpiLimit.SUBSEQUENT_RESPONSE, "anna", "step-42")).hasSize(2);
    assertThat(kpi.recordBreach(conversationId, channelId, KpiLimit.SUBSEQUENT_RESPONSE, "anna", "step-42")).isEmpty();
    assertThat(kpi.recordBreach(conversationId, channelId, KpiLimit.SUBSEQUENT_RESPONSE, "anna", "step-43")).hasSize(2);

    assertThat(conversations.findById(conversationId).orElseThrow().getKpiBreaches())
        .extracting(KpiBreach::step).containsExactly("step-42", "step-43");
    assertThat(notifications.inbox(supervisor)).hasSize(2);
    assertThat(notifications.inbox("supervisor-2")).extracting(SupervisorNotification::conversationId).contains(conversationId);
  }

  @Test
  void responseTimesCountFromTheOldestUnansweredClientMessage() {
    Instant first = clock.instant();
    clientWaits.clientWrote(conversationId, first);
    clientWaits.clientWrote(conversationId, first.plusSeconds(30)); // does not restart the clock
    responseTimes.operatorReplied(conversationId, "anna", first.plusSeconds(90));
    assertThat(responseTimes.operatorReplied(conversationId, "anna", first.plusSeconds(95))).isEmpty(); // nobody waiting

    clientWaits.clientWrote(conversationId, first.plusSeconds(200));
    responseTimes.operatorReplied(conversationId, "boris", first.plusSeconds(260));

    Conversation stored = conversations.findById(conversationId).orElseThrow();
    assertThat(stored.getFirstResponseMillis()).isEqualTo(90_000);
    assertThat(stored.getFirstResponseAt()).isEqualTo(first.plusSeconds(90));
    assertThat(stored.getResponseTimes()).extracting(ResponseTime::kind, ResponseTime::operatorId, ResponseTime::millis)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(KpiLimit.FIRST_RESPONSE, "anna", 90_000L),
            org.assertj.core.groups.Tuple.tuple(KpiLimit.SUBSEQUENT_RESPONSE, "boris", 60_000L));
    assertThat(stored.getAwaitingReplySince()).isNull();
  }

  @Test
  void aLaterReplyIsDueTheSubsequentLimitAfterTheClientsOldestUnansweredMessage(@Autowired KpiService kpi) {
    heldByAnOperator();
    engine.increaseTime(Duration.ofMinutes(5));
    Instant clientWrote = clock.instant();
    clientWaits.clientWrote(conversationId, clientWrote);
    engine.increaseTime(Duration.ofMinutes(2));

    assertThat(kpi.replyDue(conversationId, channelId, KpiLimit.SUBSEQUENT_RESPONSE)).contains(clientWrote.plus(Duration.ofMinutes(10)));
    assertThat(conversations.findById(conversationId).orElseThrow().getDeadlines().kpiDueAt()).isEqualTo(clientWrote.plus(Duration.ofMinutes(10)));
  }

  @Test
  void theReplyClockRunsOnlyWhileAnOperatorHoldsTheConversation(@Autowired KpiService kpi) {
    Instant clientWrote = clock.instant();
    clientWaits.clientWrote(conversationId, clientWrote);

    // Waiting for an operator: no subsequent-response clock, and a breach of it is not reported.
    assertThat(kpi.replyDue(conversationId, channelId, KpiLimit.SUBSEQUENT_RESPONSE)).isEmpty();
    assertThat(kpi.recordBreach(conversationId, channelId, KpiLimit.SUBSEQUENT_RESPONSE, null, "step-1")).isEmpty();
    assertThat(conversations.findById(conversationId).orElseThrow().getKpiBreaches()).isEmpty();
    assertThat(notifications.inbox(supervisor)).isEmpty();
    // The first-response clock covers that wait.
    assertThat(kpi.replyDue(conversationId, channelId, KpiLimit.FIRST_RESPONSE)).contains(clientWrote.plus(FIRST_RESPONSE_LIMIT));

    // Taken 20 minutes later: the clock counts from then, not from the client's message.
    engine.increaseTime(Duration.ofMinutes(20));
    Instant taken = clock.instant();
    heldByAnOperator();
    assertThat(kpi.replyDue(conversationId, channelId, KpiLimit.SUBSEQUENT_RESPONSE)).hasValueSatisfying(due ->
        assertThat(due).isBetween(taken.plus(Duration.ofMinutes(10)), taken.plus(Duration.ofMinutes(10)).plusSeconds(5)));

    // Closed: nobody holds it any more.
    routing.close(conversationId);
    assertThat(kpi.replyDue(conversationId, channelId, KpiLimit.SUBSEQUENT_RESPONSE)).isEmpty();
    assertThat(kpi.recordBreach(conversationId, channelId, KpiLimit.SUBSEQUENT_RESPONSE, null, "step-2")).isEmpty();
  }

  @Test
  void aLimitTheChannelDoesNotTrackHasNoDeadline(@Autowired KpiService kpi) {
    String untracked = "channel-" + UUID.randomUUID();
    settings.save(new ChannelLifecycleSettings(untracked, null, null,
        new KpiSettings(FIRST_RESPONSE_LIMIT, null, "late", List.of(supervisor))));
    kpi.replyDue(conversationId, channelId, KpiLimit.FIRST_RESPONSE);

    assertThat(kpi.replyDue(conversationId, untracked, KpiLimit.SUBSEQUENT_RESPONSE)).isEmpty();
    assertThat(kpi.replyDue(conversationId, "channel-without-settings", KpiLimit.FIRST_RESPONSE)).isEmpty();
    assertThat(conversations.findById(conversationId).orElseThrow().getDeadlines().kpiDueAt()).isNull();
  }
}
