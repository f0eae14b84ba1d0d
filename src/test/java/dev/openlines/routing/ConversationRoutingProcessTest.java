package dev.openlines.routing;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.CrmSettings;
import dev.openlines.channel.LeadCreationMode;
import dev.openlines.crm.ResponsiblePersonService;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** The "Find an operator" part of bpmn/conversation.bpmn on the embedded engine, with time travel. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConversationRoutingProcessTest {

  static final Duration WAIT = Duration.ofSeconds(90);
  /** The event-based gateway is the element that waits for answer, skip or idle timer. */
  static final String WAITING_FOR_ONE = "wait-for-one";
  static final String WAITING_FOR_ANYONE = "wait-for-anyone";
  private static final Logger log = LoggerFactory.getLogger(ConversationRoutingProcessTest.class);

  @Autowired CamundaClient client;
  @Autowired ZeebeTestEngine engine;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired ConversationRepository conversations;
  @Autowired MongoTemplate mongo;
  @Autowired Clock clock;
  @Autowired ConversationCommands commands;
  @Autowired ResponsiblePersonService responsiblePersons;
  @Autowired ClientConversations clients;
  RoutingFixtures fx;

  @BeforeEach
  void fixtures() {
    fx = new RoutingFixtures(channels, operators, mongo);
  }

  Started start(String channelId) {
    return clients.start(channelId);
  }

  void eventually(Started c, ThrowingConsumer<io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert> check) {
    await().atMost(WAIT).untilAsserted(() -> check.accept(assertThatProcess(engine, c.key())));
  }

  /** The latest value (JSON) the process gave the variable. */
  String variable(Started c, String name) {
    String value = null;
    for (var record : RecordStream.of(engine.getRecordStreamSource()).variableRecords()) {
      if (record.getValue().getProcessInstanceKey() == c.key() && record.getValue().getName().equals(name)) {
        value = record.getValue().getValue();
      }
    }
    return value;
  }

  List<String> openOffers(Started c) {
    return routing.offers(c.conversationId()).stream()
        .filter(o -> o.status() == OfferStatus.OFFERED)
        .map(Offer::operatorId)
        .toList();
  }

  void awaitOfferedTo(Started c, String... operatorIds) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(openOffers(c)).containsExactlyInAnyOrder(operatorIds));
  }

  /** A client's conversation in the channel, offered to the operator first in its queue, who answers it. */
  Started answeredBy(String operator, String channel) {
    Started c = start(channel);
    awaitOfferedTo(c, operator);
    routing.answer(c.conversationId(), operator);
    eventually(c, p -> p.hasPassedElement("mark-in-progress").isWaitingAtElements("conversation-closed"));
    return c;
  }

  void publish(String message, Started c) {
    client.newPublishMessageCommand().messageName(message).correlationKey(c.conversationId()).send().join();
  }

  @Test
  void strictForwardsOnIdleTimeThenTheAnswerStartsTheConversationAndClosingFreesTheSlot() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String channel = fx.channel("p-strict", DistributionMode.STRICT, 1, anna, ben);
    Started c = start(channel);

    awaitOfferedTo(c, anna);
    eventually(c, p -> p.isWaitingAtElements(WAITING_FOR_ONE));
    engine.increaseTime(RoutingFixtures.IDLE_TIME);

    awaitOfferedTo(c, ben);
    eventually(c, p -> p.hasPassedElement("idle-time-over").hasPassedElement("withdraw-offer")
        .isWaitingAtElements(WAITING_FOR_ONE));
    assertThat(fx.load(anna, channel)).isZero();
    assertThat(fx.load(ben, channel)).isEqualTo(1);
    assertThatThrownBy(() -> routing.answer(c.conversationId(), anna)).isInstanceOf(OfferConflictException.class);

    routing.answer(c.conversationId(), ben);
    eventually(c, p -> p.hasPassedElementsInOrder(
            "idle-time-over", "withdraw-offer", "answered-meanwhile", "operator-answered", "operator-found", "mark-in-progress")
        .hasPassedElement("decide-route", 2)
        .hasPassedElement("offer", 2)
        .isWaitingAtElements("conversation-closed"));
    assertThat(variable(c, Workflow.Variable.OPERATOR_ID)).isEqualTo("\"" + ben + "\"");
    await().atMost(WAIT).until(
        () -> conversations.findById(c.conversationId()).orElseThrow().getStatus() == ConversationStatus.IN_PROGRESS);

    publish(Workflow.Message.CONVERSATION_CLOSED, c);
    eventually(c, p -> p.hasPassedElementsInOrder("conversation-closed", "free-slot", "conversation-ended").isCompleted());
    assertThat(fx.load(ben, channel)).isZero();
  }

  @Test
  void aColleagueTakesOverTheSlotMovesToThemAndClosingFreesIt() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String channel = fx.channel("p-take-over", DistributionMode.STRICT, 2, anna, ben);
    Started c = answeredBy(anna, channel);
    assertThat(fx.load(anna, channel)).isEqualTo(1);
    assertThat(fx.load(ben, channel)).isZero();

    commands.intercept(c.conversationId(), ben, "take-over-1");
    eventually(c, p -> p.hasPassedElementsInOrder("colleague-takes-over", "hand-over", "taken-over")
        .isWaitingAtElements("conversation-closed"));
    assertThat(fx.load(anna, channel)).isZero();
    assertThat(fx.load(ben, channel)).isEqualTo(1);
    assertThat(routing.state(c.conversationId()).orElseThrow().getAssignedOperatorId()).isEqualTo(ben);
    assertThat(variable(c, Workflow.Variable.OPERATOR_ID)).isEqualTo("\"" + ben + "\"");

    // A second request of the same colleague moves nothing and counts nobody twice.
    commands.intercept(c.conversationId(), ben, "take-over-2");
    eventually(c, p -> p.hasPassedElement("taken-over", 2).isWaitingAtElements("conversation-closed"));
    assertThat(fx.load(anna, channel)).isZero();
    assertThat(fx.load(ben, channel)).isEqualTo(1);

    publish(Workflow.Message.CONVERSATION_CLOSED, c);
    eventually(c, p -> p.hasPassedElementsInOrder("conversation-closed", "free-slot", "conversation-ended").isCompleted());
    assertThat(fx.load(ben, channel)).isZero();
    assertThat(fx.load(anna, channel)).isZero();
  }

  /**
   * The former holder's transfer, checked against the holder just before the take-over and arriving after
   * it (the API checks, the process acts later), does not take the conversation from the colleague; the
   * colleague's own transfer goes through.
   */
  @Test
  void afterATakeOverTheFormerHoldersLateTransferIsRefusedTheNewHoldersIsNot() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String carl = fx.operator("carl");
    String channel = fx.channel("p-late-transfer", DistributionMode.STRICT, 2, anna, ben, carl);
    Started c = answeredBy(anna, channel);
    commands.intercept(c.conversationId(), ben, "take-over-late");
    eventually(c, p -> p.hasPassedElement("taken-over").isWaitingAtElements("conversation-closed"));

    assertThatThrownBy(() -> commands.transfer(c.conversationId(), anna, carl, null, "late-transfer"))
        .isInstanceOf(dev.openlines.api.ConflictException.class);
    assertThat(routing.state(c.conversationId()).orElseThrow().getAssignedOperatorId()).isEqualTo(ben);

    commands.transfer(c.conversationId(), ben, carl, null, "new-holders-transfer");
    awaitOfferedTo(c, carl);
    assertThat(fx.load(ben, channel)).isZero();
  }

  @Autowired dev.openlines.conversation.ClientSilenceService silence;

  @Test
  void aTransferToAColleagueFreesTheHoldersSlotAndOffersItToThemOnly() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String carl = fx.operator("carl");
    String channel = fx.channel("p-transfer", DistributionMode.STRICT, 2, anna, carl, ben);
    OpenChannel settings = channels.get(channel);
    settings.setCrm(new CrmSettings(LeadCreationMode.LEAD, true, true));
    channels.save(settings);
    Started c = answeredBy(anna, channel);
    silence.pin(c.conversationId(), true);

    commands.transfer(c.conversationId(), anna, ben, null, "transfer-1");
    awaitOfferedTo(c, ben);
    // Anna's pin was her lock; it does not follow the conversation to Ben.
    assertThat(conversations.findById(c.conversationId()).orElseThrow().isPinned()).isFalse();
    // Offered to the colleague: the conversation shows OFFERED (not the WAITING the transfer recorded before).
    await().atMost(WAIT).until(
        () -> conversations.findById(c.conversationId()).orElseThrow().getStatus() == ConversationStatus.OFFERED);
    eventually(c, p -> p.hasPassedElementsInOrder("transfer-requested", "give-up-for-transfer", "mark-transferred").hasPassedElement("offer", 2));
    assertThat(fx.load(anna, channel)).isZero();
    assertThat(fx.load(ben, channel)).isEqualTo(1);
    assertThat(fx.load(carl, channel)).isZero();
    // The channel hands CRM responsibility over on a manual transfer.
    assertThat(responsiblePersons.responsibleFor(c.conversationId())).contains(ben);

    routing.answer(c.conversationId(), ben);
    eventually(c, p -> p.hasPassedElement("mark-in-progress", 2).isWaitingAtElements("conversation-closed"));
    assertThat(variable(c, Workflow.Variable.OPERATOR_ID)).isEqualTo("\"" + ben + "\"");
    publish(Workflow.Message.CONVERSATION_CLOSED, c);
    eventually(c, p -> p.hasPassedElement("free-slot").isCompleted());
    assertThat(fx.load(ben, channel)).isZero();
    assertThat(fx.load(anna, channel)).isZero();
  }

  @Test
  void aTransferToAnotherChannelRoutesThroughItsQueue() {
    String anna = fx.operator("anna");
    String dora = fx.operator("dora");
    String channel = fx.channel("p-transfer-from", DistributionMode.STRICT, 2, anna);
    String other = fx.channel("p-transfer-to", DistributionMode.EVENLY, 2, dora);
    Started c = start(channel);
    awaitOfferedTo(c, anna);
    routing.answer(c.conversationId(), anna);
    // Nobody responsible and no transfer: the channel's mode came with the start, no check was needed.
    eventually(c, p -> p.hasPassedElement("mark-in-progress").isWaitingAtElements("conversation-closed")
        .hasNotPassedElement("check-responsible"));

    commands.transfer(c.conversationId(), anna, null, other, "transfer-2");
    awaitOfferedTo(c, dora);
    assertThat(fx.load(anna, channel)).isZero();
    assertThat(fx.load(dora, other)).isEqualTo(1);
    assertThat(routing.state(c.conversationId()).orElseThrow().getQueueChannelId()).isEqualTo(other);
    // The other channel's mode, which only the check reads, picks.
    eventually(c, p -> p.hasPassedElement("check-responsible"));
    assertThat(routing.state(c.conversationId()).orElseThrow().getMode()).isEqualTo(DistributionMode.EVENLY);

    routing.answer(c.conversationId(), dora);
    eventually(c, p -> p.hasPassedElement("mark-in-progress", 2).isWaitingAtElements("conversation-closed"));
    publish(Workflow.Message.CONVERSATION_CLOSED, c);
    eventually(c, p -> p.hasPassedElement("free-slot").isCompleted());
    assertThat(fx.load(dora, other)).isZero();
  }

  @Test
  void aSecondTransferGoesToItsOwnTargetNotToTheFirstTransfersColleague() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String dora = fx.operator("dora");
    String channel = fx.channel("p-transfer-twice", DistributionMode.STRICT, 2, anna);
    String other = fx.channel("p-transfer-twice-to", DistributionMode.STRICT, 2, dora);
    Started c = start(channel);
    awaitOfferedTo(c, anna);
    routing.answer(c.conversationId(), anna);
    eventually(c, p -> p.isWaitingAtElements("conversation-closed"));
    commands.transfer(c.conversationId(), anna, ben, null, "transfer-twice-1");
    awaitOfferedTo(c, ben);
    routing.answer(c.conversationId(), ben);
    eventually(c, p -> p.hasPassedElement("mark-in-progress", 2).isWaitingAtElements("conversation-closed"));

    commands.transfer(c.conversationId(), ben, null, other, "transfer-twice-2");

    awaitOfferedTo(c, dora);
    assertThat(routing.state(c.conversationId()).orElseThrow().getQueueChannelId()).isEqualTo(other);
    assertThat(fx.load(ben, channel)).isZero();
  }

  @Test
  void aSkipMovesToTheNextOperatorAtOnce() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String channel = fx.channel("p-skip", DistributionMode.STRICT, null, anna, ben);
    Started c = start(channel);
    awaitOfferedTo(c, anna);
    eventually(c, p -> p.isWaitingAtElements(WAITING_FOR_ONE));

    routing.skip(c.conversationId(), anna);

    awaitOfferedTo(c, ben);
    eventually(c, p -> p.hasPassedElementsInOrder("operator-skipped", "withdraw-offer", "answered-meanwhile")
        .hasPassedElement("offer", 2)
        .hasNotPassedElement("idle-time-over")
        .isWaitingAtElements(WAITING_FOR_ONE));
    assertThat(fx.load(anna, channel)).isZero();
  }

  @Test
  void withNobodyAvailableItWaitsAndTheLongestWaitingIsOfferedWhenAnOperatorComesOnline() {
    String anna = fx.operator("anna");
    operators.changePresence(anna, Presence.OFFLINE);
    String channel = fx.channel("p-wait", DistributionMode.STRICT, 1, anna);
    Started first = start(channel);
    eventually(first, p -> p.hasPassedElement("mark-waiting").isWaitingAtElements("operator-available"));
    engine.increaseTime(Duration.ofSeconds(5));
    Started second = start(channel);
    eventually(second, p -> p.isWaitingAtElements("operator-available"));
    assertThat(conversations.findById(first.conversationId()).orElseThrow().getStatus()).isEqualTo(ConversationStatus.WAITING);

    long before = System.nanoTime();
    operators.changePresence(anna, Presence.ONLINE);
    awaitOfferedTo(first, anna);
    log.info("Waiting conversation offered {} ms after the operator came online", (System.nanoTime() - before) / 1_000_000);

    eventually(first, p -> p.hasPassedElementsInOrder("mark-waiting", "operator-available")
        .hasPassedElement("offer", 2)
        .isWaitingAtElements(WAITING_FOR_ONE));
    eventually(second, p -> p.isWaitingAtElements("operator-available"));
    assertThat(openOffers(second)).isEmpty();

    routing.answer(first.conversationId(), anna);
    eventually(first, p -> p.hasPassedElement("mark-in-progress"));
    publish(Workflow.Message.CONVERSATION_CLOSED, first);
    // The freed slot goes to the conversation still waiting.
    eventually(first, p -> p.hasPassedElement("free-slot").isCompleted());
    awaitOfferedTo(second, anna);
  }

  @Test
  void allOffersToEveryoneWithoutIdleForwardingAndANewcomerSeesTheOfferToo() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String carl = fx.operator("carl");
    operators.changePresence(carl, Presence.OFFLINE);
    String channel = fx.channel("p-all", DistributionMode.ALL, 2, anna, ben, carl);
    Started c = start(channel);

    awaitOfferedTo(c, anna, ben);
    eventually(c, p -> p.isWaitingAtElements(WAITING_FOR_ANYONE));
    engine.increaseTime(RoutingFixtures.IDLE_TIME.multipliedBy(3));
    eventually(c, p -> p.isWaitingAtElements(WAITING_FOR_ANYONE).hasNotPassedElement("withdraw-offer"));

    operators.changePresence(carl, Presence.ONLINE);
    awaitOfferedTo(c, anna, ben, carl);
    eventually(c, p -> p.hasPassedElementsInOrder("more-operators-available", "withdraw-offer", "answered-meanwhile")
        .hasPassedElement("offer", 2)
        .isWaitingAtElements(WAITING_FOR_ANYONE));

    routing.answer(c.conversationId(), carl);
    assertThatThrownBy(() -> routing.answer(c.conversationId(), anna)).isInstanceOf(OfferConflictException.class);
    eventually(c, p -> p.hasPassedElementsInOrder("anyone-answered", "operator-found", "mark-in-progress"));
    assertThat(variable(c, Workflow.Variable.OPERATOR_ID)).isEqualTo("\"" + carl + "\"");
    assertThat(fx.load(carl, channel)).isEqualTo(1);
    assertThat(fx.load(anna, channel) + fx.load(ben, channel)).isZero();
  }

  @Test
  void anAnswerThatRacedTheIdleTimerStillWins() {
    String anna = fx.operator("anna");
    String channel = fx.channel("p-race", DistributionMode.STRICT, null, anna);
    Started c = start(channel);
    awaitOfferedTo(c, anna);
    eventually(c, p -> p.isWaitingAtElements(WAITING_FOR_ONE));
    // The operator's claim reached the store, but its message did not reach the process before the timer fired.
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(c.conversationId())),
        new Update().set("assignedOperatorId", anna).set("status", RoutingStatus.ASSIGNED),
        ConversationRouting.class);
    engine.increaseTime(RoutingFixtures.IDLE_TIME);

    eventually(c, p -> p.hasPassedElementsInOrder("idle-time-over", "withdraw-offer", "answered-meanwhile", "operator-found", "mark-in-progress"));
    assertThat(variable(c, Workflow.Variable.OPERATOR_ID)).isEqualTo("\"" + anna + "\"");
    assertThat(fx.load(anna, channel)).isEqualTo(1);
  }

  @Test
  void closingWhileStillRoutingWithdrawsTheOfferAndEndsTheConversation() {
    String anna = fx.operator("anna");
    String channel = fx.channel("p-closed", DistributionMode.STRICT, 1, anna);
    Started c = start(channel);
    awaitOfferedTo(c, anna);
    eventually(c, p -> p.isWaitingAtElements(WAITING_FOR_ONE));

    publish(Workflow.Message.CONVERSATION_CLOSED, c);

    eventually(c, p -> p.hasPassedElementsInOrder("closed-while-routing", "withdraw-on-close", "ended-unanswered")
        .hasNotPassedElement("mark-in-progress")
        .isCompleted());
    assertThat(openOffers(c)).isEmpty();
    assertThat(fx.load(anna, channel)).isZero();
  }
}
