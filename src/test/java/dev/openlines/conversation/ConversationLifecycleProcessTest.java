package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.openlines.channel.AutomaticActions;
import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.channel.WorkingHours;
import dev.openlines.channel.WorkingHours.OpenInterval;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.channel.CrmSettings;
import dev.openlines.crm.Lead;
import dev.openlines.channel.LeadCreationMode;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.connector.InboundMessage.ClientProfile;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ClientConversations;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.testing.TestMessenger;
import dev.openlines.workflow.Workflow;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/** bpmn/conversation.bpmn around routing: start (CRM, automatic messages, working hours), reply limits, close, rating wait, spam. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConversationLifecycleProcessTest {

  static final Duration WAIT = Duration.ofSeconds(90);

  @Autowired ZeebeTestEngine engine;
  @Autowired ChannelService channels;
  @Autowired ChannelLifecycleSettingsService lifecycle;
  @Autowired OperatorService operators;
  @Autowired ConversationRepository conversations;
  @Autowired RoutingService routing;
  @Autowired TestMessenger messenger;
  @Autowired MongoTemplate mongo;
  @Autowired Clock clock;
  @Autowired ClientConversations clients;
  /** Where the messengers hand a client's rating in (the live chat's form, a Telegram button). */
  @Autowired ClientRatings ratings;
  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;

  final String prefix = UUID.randomUUID().toString().substring(0, 8);

  String operator(String name) {
    String id = prefix + "-" + name;
    operators.create(new Operator(id, name, Set.of()));
    operators.changePresence(id, Presence.ONLINE);
    return id;
  }

  String channel(String name, String operatorId, CrmSettings crm, boolean queueOutsideWorkingHours) {
    String id = "s-" + prefix + "-" + name;
    OpenChannel channel = new OpenChannel(id, name, ZoneId.of("UTC"), new QueueSettings(
        List.of(QueueEntry.operator(operatorId)), DistributionMode.STRICT, Duration.ofMinutes(2), null,
        LimitExclusion.CLOSED, true));
    channel.setCrm(crm);
    channel.setQueueOutsideWorkingHours(queueOutsideWorkingHours);
    channels.save(channel);
    return id;
  }

  static AutomaticActions texts(String greeting, String consent, String offHours) {
    return new AutomaticActions(greeting, consent, offHours, "", "", "");
  }

  /** The operator's own API: answer, reply, close, spam as their client does. */
  OperatorJourney as(String operatorId) {
    return new OperatorJourney(http, apiKeys, routing, conversations, operatorId);
  }

  void eventually(Started c, ThrowingConsumer<ProcessInstanceAssert> check) {
    await().atMost(WAIT).untilAsserted(() -> check.accept(assertThatProcess(engine, c.key())));
  }

  void awaitOfferedTo(Started c, String operatorId) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(routing.offers(c.conversationId()).stream()
        .filter(o -> o.status() == OfferStatus.OFFERED).map(Offer::operatorId)).containsExactly(operatorId));
  }

  List<String> textsSentTo(Started c) {
    return messenger.deliveredTo(c.conversationId()).stream().map(OutboundMessage::text).toList();
  }

  @Test
  void anUnknownClientWithAPhoneGetsALeadTheConsentNoticeAndTheGreetingThenAnOperator() {
    String anna = operator("anna");
    String channel = channel("lead", anna, new CrmSettings(LeadCreationMode.LEAD, true, false), false);
    lifecycle.save(new ChannelLifecycleSettings(channel, null, texts("Hello, we are here.", "We store this chat.", "Closed."), null));

    Started c = clients.start(channel, new ClientProfile("Hana", "+49" + System.nanoTime(), null, null));

    awaitOfferedTo(c, anna);
    // No working hours: always open, nothing to check.
    eventually(c, p -> p.hasPassedElementsInOrder("identify-client", "decide-lead", "create-lead",
            "welcome-texts-set", "send-consent-notice", "send-greeting", "always-open", "route-now")
        .hasNotPassedElement("check-working-hours")
        .hasNotPassedElement("send-off-hours-reply")
        .isWaitingAtElements("wait-for-one"));
    assertThat(variable(engine, c.key(), Workflow.Variable.LEAD_CREATION_MODE)).contains("LEAD");
    assertThat(variable(engine, c.key(), Workflow.Variable.LEAD_ACTION)).contains("CREATE_LEAD");
    assertThat(textsSentTo(c)).containsExactly("We store this chat.", "Hello, we are here.");
    assertThat(mongo.count(query(where("conversationId").is(c.conversationId())), Lead.class)).isEqualTo(1);
  }

  @Test
  void aChannelWithLeadsOffAndNoTextsCreatesNothingAndSendsNothing() {
    String anna = operator("anna");
    String channel = channel("off", anna, new CrmSettings(LeadCreationMode.OFF, true, false), false);

    Started c = clients.start(channel, new ClientProfile(null, "+33" + System.nanoTime(), null, null));

    awaitOfferedTo(c, anna);
    eventually(c, p -> p.hasPassedElementsInOrder("identify-client", "decide-lead", "create-something", "crm-done",
            "welcome-texts-set", "welcome-texts-done")
        .hasNotPassedElement("create-lead")
        .hasNotPassedElement("send-consent-notice")
        .hasNotPassedElement("send-greeting"));
    assertThat(variable(engine, c.key(), Workflow.Variable.LEAD_CREATION_MODE)).contains("OFF");
    assertThat(textsSentTo(c)).isEmpty();
    assertThat(mongo.count(query(where("conversationId").is(c.conversationId())), Lead.class)).isZero();
  }

  /** Open one hour, two days from now: closed now whatever the engine's clock says. */
  ZonedDateTime openOnlyLater(String channel) {
    ZonedDateTime opening = clock.instant().atZone(ZoneOffset.UTC).plusDays(2).withHour(9).withMinute(0).withSecond(0).withNano(0);
    var hours = new WorkingHours("UTC",
        Map.of(opening.getDayOfWeek(), List.of(new OpenInterval(LocalTime.of(9, 0), LocalTime.of(10, 0)))), List.of());
    lifecycle.save(new ChannelLifecycleSettings(channel, hours, texts("", "", "We open at nine."), null));
    return opening;
  }

  @Test
  void offHoursTheClientGetsTheOffHoursReplyAndWaitsForTheOpeningBeforeAnOperatorIsOffered() {
    String anna = operator("anna");
    String channel = channel("night", anna, new CrmSettings(LeadCreationMode.OFF, true, false), false);
    ZonedDateTime opening = openOnlyLater(channel);

    Started c = clients.start(channel);

    eventually(c, p -> p.hasPassedElementsInOrder("check-working-hours", "open-now", "send-off-hours-reply", "queue-off-hours")
        .isWaitingAtElements("wait-for-opening"));
    assertThat(textsSentTo(c)).containsExactly("We open at nine.");
    assertThat(routing.offers(c.conversationId())).isEmpty();

    engine.increaseTime(Duration.between(clock.instant(), opening.toInstant()).minusMinutes(1));
    eventually(c, p -> p.isWaitingAtElements("wait-for-opening"));
    assertThat(routing.offers(c.conversationId())).isEmpty();

    engine.increaseTime(Duration.ofMinutes(2));
    awaitOfferedTo(c, anna);
    eventually(c, p -> p.hasPassedElementsInOrder("channel-opens", "route-now"));
    assertThat(textsSentTo(c)).containsExactly("We open at nine.");
  }

  @Test
  void offHoursAChannelThatQueuesAtOnceOffersRightAfterTheOffHoursReply() {
    String anna = operator("anna");
    String channel = channel("duty", anna, new CrmSettings(LeadCreationMode.OFF, true, false), true);
    openOnlyLater(channel);

    Started c = clients.start(channel);

    awaitOfferedTo(c, anna);
    eventually(c, p -> p.hasPassedElementsInOrder("send-off-hours-reply", "queue-off-hours", "route-now")
        .hasNotPassedElement("channel-opens"));
    assertThat(textsSentTo(c)).containsExactly("We open at nine.");
  }

  @Test
  void withNobodyAvailableTheNoAnswerReplyIsSentOnceHoweverOftenRoutingLoops() {
    String anna = operator("anna");
    presence(anna, Presence.OFFLINE);
    String channel = channel("busy", anna, new CrmSettings(LeadCreationMode.OFF, true, false), false);
    lifecycle.save(new ChannelLifecycleSettings(channel, null,
        new AutomaticActions("", "", "", "All operators are busy.", "", ""), null));

    Started c = clients.start(channel);
    eventually(c, p -> p.hasPassedElement("mark-waiting").isWaitingAtElements("operator-available"));
    engine.increaseTime(AutomaticActions.DEFAULT_NO_ANSWER_AFTER.plusSeconds(30));
    eventually(c, p -> p.hasPassedElementsInOrder("nobody-answered-in-time", "send-no-answer-reply")
        .isWaitingAtElements("operator-available"));

    // Anna comes online (the wake-up is routing's), is offered the conversation and goes offline again without
    // answering: when her offer runs out, routing finds nobody and waits again, without a second reply.
    presence(anna, Presence.ONLINE);
    awaitOfferedTo(c, anna);
    // The offer's idle timer is set once the process waits on the offer, not when the offer is stored.
    eventually(c, p -> p.isWaitingAtElements("wait-for-one"));
    presence(anna, Presence.OFFLINE);
    engine.increaseTime(Duration.ofMinutes(2).plusSeconds(30));
    eventually(c, p -> p.hasPassedElement("mark-waiting", 2)
        .hasPassedElement("send-no-answer-reply", 1)
        .isWaitingAtElements("operator-available"));
    engine.increaseTime(AutomaticActions.DEFAULT_NO_ANSWER_AFTER.multipliedBy(3));
    assertThat(textsSentTo(c)).containsExactly("All operators are busy.");

    presence(anna, Presence.ONLINE);
    awaitOfferedTo(c, anna);
    assertThat(textsSentTo(c)).containsExactly("All operators are busy.");
  }

  /** Through the operator's own presence API, as the console sets it. */
  void presence(String operatorId, Presence presence) {
    assertThat(as(operatorId).call(HttpMethod.PUT, "/api/operators/me/presence", Map.of("presence", presence.name()))
        .getStatusCode().value()).isEqualTo(200);
  }

  int load(String operatorId, String channelId) {
    return operators.get(operatorId).loadIn(channelId);
  }

  @Test
  void closingFreesTheSlotSendsTheClosingTextAndTheRatingRequestAndSavesTheLogToTheCrm() {
    String anna = operator("anna");
    String channel = channel("close", anna, new CrmSettings(LeadCreationMode.OFF, true, false), false);
    lifecycle.save(new ChannelLifecycleSettings(channel, null,
        new AutomaticActions("", "", "", "", "Thank you, goodbye.", "How did we do?"), null));
    Started c = clients.start(channel, new ClientProfile(null, "+44" + System.nanoTime(), null, null));
    awaitOfferedTo(c, anna);
    eventually(c, p -> p.isWaitingAtElements("wait-for-one"));
    as(anna).answer(c.conversationId());
    eventually(c, p -> p.hasPassedElement("mark-in-progress").isWaitingAtElements("conversation-closed"));
    assertThat(load(anna, channel)).isEqualTo(1);

    as(anna).close(c.conversationId());

    eventually(c, p -> p.hasPassedElementsInOrder("conversation-closed", "free-slot", "send-closing-text",
            "send-rating-request", "save-log", "log-done", "conversation-ended")
        .isCompleted());
    assertThat(load(anna, channel)).isZero();
    assertThat(textsSentTo(c)).containsExactly("Thank you, goodbye.", "How did we do?");
    assertThat(mongo.count(query(where("conversationId").is(c.conversationId())), dev.openlines.crm.ConversationLog.class))
        .isEqualTo(1);
  }

  @Test
  void spamEndsTheConversationAtOnceFlagsTheClientAndSendsNoRatingRequest(
      @Autowired ClientFlagService flags) {
    String anna = operator("anna");
    String channel = channel("spam", anna, new CrmSettings(LeadCreationMode.OFF, true, false), false);
    lifecycle.save(new ChannelLifecycleSettings(channel, null,
        new AutomaticActions("", "", "", "", "Thank you, goodbye.", "How did we do?"), null));
    Started c = clients.start(channel);
    awaitOfferedTo(c, anna);
    eventually(c, p -> p.isWaitingAtElements("wait-for-one"));
    as(anna).answer(c.conversationId());
    eventually(c, p -> p.isWaitingAtElements("conversation-closed"));

    assertThat(as(anna).call(HttpMethod.POST, "/api/conversations/" + c.conversationId() + "/spam", null)
        .getStatusCode().value()).isEqualTo(202);

    eventually(c, p -> p.hasPassedElementsInOrder("marked-as-spam", "flag-spam", "free-spam-slot", "ended-as-spam")
        .hasNotPassedElement("send-closing-text")
        .hasNotPassedElement("send-rating-request")
        .isCompleted());
    assertThat(flags.isFlagged(ClientConversations.connector(channel).id(), c.clientId())).isTrue();
    assertThat(load(anna, channel)).isZero();
    assertThat(textsSentTo(c)).isEmpty();
  }

  @Test
  void aClientMessageStartsTheReplyClockOnceAndALateReplyIsReportedToTheSupervisors() {
    String anna = operator("anna");
    String channel = channel("kpi", anna, new CrmSettings(LeadCreationMode.OFF, true, false), false);
    lifecycle.save(new ChannelLifecycleSettings(channel, null, null,
        new dev.openlines.channel.KpiSettings(null, Duration.ofMinutes(5), "#OPERATOR# is late in #DIALOG#", List.of(prefix + "-sue"))));
    Started c = clients.start(channel);
    awaitOfferedTo(c, anna);
    eventually(c, p -> p.isWaitingAtElements("wait-for-one"));
    as(anna).answer(c.conversationId());
    eventually(c, p -> p.isWaitingAtElements("conversation-closed"));

    // Answered in time: no breach.
    clientWrites(c);
    eventually(c, p -> p.hasPassedElement("start-reply-clock").isWaitingAtElements("wait-for-reply", "conversation-closed"));
    engine.increaseTime(Duration.ofMinutes(2));
    as(anna).reply(c.conversationId(), "Yes, I am here.");
    eventually(c, p -> p.hasPassedElement("replied").isWaitingAtElements("conversation-closed"));
    engine.increaseTime(Duration.ofMinutes(10));

    // Two messages, one clock; the reply comes late.
    clientWrites(c);
    eventually(c, p -> p.hasPassedElement("start-reply-clock", 2).isWaitingAtElements("wait-for-reply", "conversation-closed"));
    clientWrites(c);
    eventually(c, p -> p.hasPassedElement("clock-running").hasPassedElement("start-reply-clock", 2));
    engine.increaseTime(Duration.ofMinutes(6));
    eventually(c, p -> p.hasPassedElementsInOrder("reply-late", "notify-late-reply", "late-reply-reported")
        .hasPassedElement("notify-late-reply", 1)
        .isWaitingAtElements("wait-for-reply", "conversation-closed"));
    assertThat(conversations.findById(c.conversationId()).orElseThrow().getKpiBreaches()).hasSize(1);

    // Closing ends whatever still waits.
    as(anna).close(c.conversationId());
    eventually(c, p -> p.hasPassedElement("conversation-ended").isCompleted());
  }

  void clientWrites(Started c) {
    clients.write(c, "Are you still there?");
  }

  Started closedWithRatingWait(String name, boolean closeOnRating) {
    String anna = operator("anna");
    String channel = channel(name, anna, new CrmSettings(LeadCreationMode.OFF, true, false), false);
    OpenChannel settings = channels.get(channel);
    settings.setClosing(new dev.openlines.channel.ClosingSettings(Duration.ofMinutes(30), closeOnRating));
    channels.save(settings);
    Started c = clients.start(channel);
    awaitOfferedTo(c, anna);
    eventually(c, p -> p.isWaitingAtElements("wait-for-one"));
    as(anna).answer(c.conversationId());
    eventually(c, p -> p.isWaitingAtElements("conversation-closed"));
    as(anna).close(c.conversationId());
    eventually(c, p -> p.hasPassedElementsInOrder("send-rating-request", "rating-wait-wanted", "set-rating-wait")
        .isWaitingAtElements("rating-wait"));
    // Stored on the conversation, so a restart can re-arm the timer.
    assertThat(conversations.findById(c.conversationId()).orElseThrow().getDeadlines().ratingWaitEndsAt())
        .isBetween(clock.instant().plus(Duration.ofMinutes(29)), clock.instant().plus(Duration.ofMinutes(30)));
    return c;
  }

  @Test
  void withCloseOnRatingTheClientsRatingEndsTheRatingWaitAtOnce() {
    Started c = closedWithRatingWait("rate-close", true);

    ratings.rate(c.conversationId(), ClientRating.LIKE, null);

    eventually(c, p -> p.hasPassedElementsInOrder("client-rated", "close-on-rating", "clear-rating-wait", "rating-wait-done",
            "save-log", "conversation-ended")
        .hasNotPassedElement("rating-wait-over")
        .isCompleted());
  }

  @Test
  void withoutCloseOnRatingTheRatingWaitRunsItsFullTime() {
    Started c = closedWithRatingWait("rate-wait", false);

    ratings.rate(c.conversationId(), ClientRating.LIKE, null);
    eventually(c, p -> p.hasPassedElementsInOrder("client-rated", "close-on-rating").hasPassedElement("await-rating", 2)
        .isWaitingAtElements("rating-wait"));
    engine.increaseTime(Duration.ofMinutes(29));
    eventually(c, p -> p.isWaitingAtElements("rating-wait"));

    engine.increaseTime(Duration.ofMinutes(2));
    eventually(c, p -> p.hasPassedElementsInOrder("rating-wait-over", "rating-wait-done", "save-log", "conversation-ended")
        .hasNotPassedElement("clear-rating-wait")
        .isCompleted());
  }

  @Test
  void theFirstReplyClockRunsFromTheFirstMessageAndALateFirstReplyIsReportedOnce() {
    String anna = operator("anna");
    String channel = channel("first", anna, new CrmSettings(LeadCreationMode.OFF, true, false), false);
    lifecycle.save(new ChannelLifecycleSettings(channel, null, null,
        new dev.openlines.channel.KpiSettings(Duration.ofMinutes(5), null, "#OPERATOR# is late in #DIALOG#", List.of(prefix + "-sue"))));
    Started c = clients.start(channel);
    awaitOfferedTo(c, anna);
    eventually(c, p -> p.hasPassedElementsInOrder("start-first-reply-clock", "first-reply-tracked")
        .isWaitingAtElements("wait-for-first-reply", "wait-for-one"));
    as(anna).answer(c.conversationId());
    eventually(c, p -> p.isWaitingAtElements("wait-for-first-reply", "conversation-closed"));

    // A second client message does not start a second clock while the first one runs.
    clientWrites(c);
    eventually(c, p -> p.hasPassedElement("clock-running").hasNotPassedElement("start-reply-clock"));

    engine.increaseTime(Duration.ofMinutes(6));
    eventually(c, p -> p.hasPassedElementsInOrder("first-reply-late", "notify-late-first-reply", "late-first-reply-reported")
        .isWaitingAtElements("wait-for-first-reply", "conversation-closed"));
    assertThat(conversations.findById(c.conversationId()).orElseThrow().getKpiBreaches()).hasSize(1);

    as(anna).reply(c.conversationId(), "Sorry for the wait.");
    eventually(c, p -> p.hasPassedElement("first-replied").isWaitingAtElements("conversation-closed"));
    engine.increaseTime(Duration.ofMinutes(10));
    eventually(c, p -> p.hasPassedElement("notify-late-first-reply", 1).isWaitingAtElements("conversation-closed"));
  }
}
