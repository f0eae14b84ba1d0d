package dev.openlines.conversation.inbound;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.openlines.api.ServiceOverloadedException;
import dev.openlines.bot.FakeBotWebhook;
import dev.openlines.channel.AutomaticActions;
import dev.openlines.channel.BotSettings;
import dev.openlines.channel.BotSettingsService;
import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.ConversationTimeout;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.inbound.IngestionResult.Outcome;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.routing.RoutingStatus;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.TestMessenger;
import dev.openlines.workflow.CamundaProcessCommandGateway;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.outbox.ProcessCommand;
import dev.openlines.workflow.outbox.ProcessCommandGateway;
import dev.openlines.workflow.outbox.ProcessCommandOutbox;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The engine becomes unreachable: the relay's commands go to a real Camunda client whose address is a
 * closed port (connection refused, as when the cluster is down), then the engine comes back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(EngineOutageTest.SwitchableEngine.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EngineOutageTest {

  @Autowired InboundMessageService ingestion;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired MongoTemplate mongo;
  @Autowired ConversationRepository conversations;
  @Autowired ProcessCommandOutbox outbox;
  @Autowired SwitchableGateway engineLink;
  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;

  /** A live-chat channel (STRICT) with its connector and one operator, chat limit 10. */
  private IngestionFixtures.Line liveChat(String name) {
    return new IngestionFixtures(channels, operators, mongo, connectors, clock).liveChat(name, 10, 100);
  }

  /** client-1's first message on the line, once the engine has started its conversation's process. */
  private IngestionResult firstMessageWithItsProcess(IngestionFixtures.Line line) {
    IngestionResult first = ingestion.receive(line.message("m-1", "client-1", "Hello"), line.connector());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(conversations.findById(first.conversationId()).orElseThrow().getProcessInstanceKey()).isNotNull());
    return first;
  }

  /** The client's first message on the line, offered to the line's operator, who answers it through the API. */
  private IngestionResult answered(IngestionFixtures.Line line, String clientId) {
    return IngestionFixtures.answered(ingestion, line, clientId, new OperatorJourney(http, apiKeys, routing, conversations, line.operatorId()));
  }

  private ProcessCommand awaitDelivered(String commandId) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(outbox.find(commandId).orElseThrow().deliveredAt()).isNotNull());
    return outbox.find(commandId).orElseThrow();
  }

  @AfterEach
  void restore() {
    engineLink.up = true;
    engineLink.startRepliesToLose.set(0);
    engineLink.messageRepliesToLose.set(0);
    engineLink.heldStarts.values().forEach(CountDownLatch::countDown);
    engineLink.heldStarts.clear();
    engineLink.heldMessages.values().forEach(CountDownLatch::countDown);
    engineLink.heldMessages.clear();
  }

  @Test
  void messagesAcceptedWhileTheEngineIsDownReachItOnceItIsBack() {
    IngestionFixtures.Line line = liveChat("outage");
    ConnectorSettings connector = line.connector();
    engineLink.up = false;

    IngestionResult first = ingestion.receive(line.message("m-1", "client-1", "Hello m-1"), connector);
    IngestionResult second = ingestion.receive(line.message("m-2", "client-1", "Hello m-2"), connector);

    assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(second.outcome()).isEqualTo(Outcome.ACCEPTED);
    String startCommand = ProcessCommandOutbox.startCommandId(first.conversationId());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(outbox.find(startCommand).orElseThrow().attempts()).isGreaterThanOrEqualTo(3));
    ProcessCommand failing = outbox.find(startCommand).orElseThrow();
    assertThat(failing.deliveredAt()).isNull();
    assertThat(failing.lastError()).contains("UNAVAILABLE");
    assertThat(outbox.find(ProcessCommandOutbox.clientMessageCommandId(second.messageId())).orElseThrow().deliveredAt())
        .as("a client message waits for its conversation's start").isNull();
    assertThat(conversations.findById(first.conversationId()).orElseThrow().getProcessInstanceKey()).isNull();

    engineLink.up = true;

    await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> {
      Conversation conversation = conversations.findById(first.conversationId()).orElseThrow();
      assertThat(conversation.getProcessInstanceKey()).isNotNull();
      assertThatProcess(engine, conversation.getProcessInstanceKey())
          .hasPassedElement("offer")
          // The start carried the first message; the second reached the conversation's own
          // "client wrote again" event afterwards, so the latest id is the second one's.
          .hasPassedElement("client-wrote-again")
          .hasVariableWithValue(Workflow.Variable.CLIENT_MESSAGE_ID, second.messageId());
      assertThat(routing.offers(first.conversationId())).extracting(dev.openlines.routing.Offer::operatorId).containsExactly(line.operatorId());
    });
    assertThat(outbox.find(startCommand).orElseThrow().deliveredAt()).isNotNull();
  }

  /**
   * Admission's route-wait bound with its defaults, through ingestion: while nothing is routed, new chats are
   * taken only until as many wait as the service routes in 15 s at the rate it showed lately (at least 100),
   * far below the hard cap of 2,000; then they are refused, open conversations are still heard, and new chats
   * are taken again once the waiting ones are routed.
   */
  @Test
  void newChatsAreRefusedWhileMoreWaitToBeRoutedThanTheServiceRoutesInFifteenSecondsAndTakenOnceTheyAre() {
    IngestionFixtures.Line line = liveChat("route-wait");
    IngestionResult anna = firstMessageWithItsProcess(line);
    engineLink.up = false;

    List<String> taken = new ArrayList<>();
    String refused = null;
    for (int client = 2; refused == null && client < 2_000; client++) {
      try {
        taken.add(ingestion.receive(line.message("m-1", "client-" + client, "Hello"), line.connector()).conversationId());
      } catch (ServiceOverloadedException overloaded) {
        assertThat(overloaded.getMessage()).containsPattern("new conversations wait to be routed, more than (it routes in 15 s|the 100 that may wait)");
        refused = "client-" + client;
      }
    }
    // Admission measures once per check interval and takes every chat in between, so the count passes the minimum by
    // what ingestion takes in one interval (508 seen on a fast run): half the hard cap at most.
    assertThat(taken).as("the minimum allowed is taken, far fewer than the hard cap").hasSizeBetween(100, 1_000);
    String refusedClient = refused;
    assertThat(mongo.exists(Query.query(Criteria.where("clientId").is(refusedClient)), ConversationMessage.class))
        .as("a refused message is not stored").isFalse();
    assertThat(ingestion.receive(line.message("m-2", "client-1", "Still there?"), line.connector()).conversationId())
        .as("a client whose conversation is open is still heard").isEqualTo(anna.conversationId());

    engineLink.up = true;
    await().atMost(Duration.ofSeconds(90)).until(() -> taken.stream()
        .allMatch(id -> conversations.findById(id).orElseThrow().getStatus() != ConversationStatus.NEW));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
            ingestion.receive(line.message("m-1", refusedClient, "Hello"), line.connector()).outcome())
        .isEqualTo(Outcome.ACCEPTED));
  }

  @Test
  void aStartWhoseReplyWasLostIsSentAgainAndOnlyOneProcessServesTheConversation() {
    IngestionFixtures.Line line = liveChat("lost-reply");
    engineLink.startRepliesToLose.set(2);
    int startsBefore = engineLink.startsSent.get();

    IngestionResult first = ingestion.receive(line.message("m-1", "client-1", "Hello"), line.connector());

    ProcessCommand start = awaitDelivered(ProcessCommandOutbox.startCommandId(first.conversationId()));
    assertThat(start.attempts()).as("two attempts lost their reply").isEqualTo(2);
    assertThat(engineLink.startsSent.get() - startsBefore).as("the engine got the start three times").isEqualTo(3);
    await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> {
      Long key = conversations.findById(first.conversationId()).orElseThrow().getProcessInstanceKey();
      assertThat(key).isNotNull();
      assertThatProcess(engine, key).hasPassedElement("offer");
      List<Long> processes = conversationProcesses(first.conversationId());
      assertThat(processes).as("each start the engine got made an instance").hasSize(3);
      for (long other : processes.stream().filter(p -> !p.equals(key)).toList()) {
        assertThatProcess(engine, other).as("an instance the conversation is not linked to")
            .isTerminated().hasNotPassedElement("identify-client");
      }
    });
    assertThat(routing.offers(first.conversationId())).hasSize(1);
  }

  @Test
  void aClientMessageWhoseReplyWasLostIsDeliveredOnceTheEngineSaysItHasItAlready() {
    IngestionFixtures.Line line = liveChat("lost-message-reply");
    IngestionResult first = firstMessageWithItsProcess(line);
    engineLink.messageRepliesToLose.set(1);

    IngestionResult second = ingestion.receive(line.message("m-2", "client-1", "Are you there?"), line.connector());

    String command = ProcessCommandOutbox.clientMessageCommandId(second.messageId());
    ProcessCommand delivered = awaitDelivered(command);
    assertThat(delivered.attempts()).as("the attempt whose reply was lost").isEqualTo(1);
    assertThat(engineLink.messagesSent.get(command).get())
        .as("sent twice: taken the first time, refused as a repeat the second, never published again")
        .isEqualTo(2);
  }

  @Test
  void anOperatorsCloseWhileTheEngineIsDownIsKeptFreesTheSlotAtOnceAndClosesTheConversationOnceItIsBack() {
    IngestionFixtures.Line line = liveChat("close-outage");
    // A client of its own: client-1 talked to other tests' operators, and returns to them.
    IngestionResult first = answered(line, "client-close-outage");
    long process = conversations.findById(first.conversationId()).orElseThrow().getProcessInstanceKey();
    assertThat(countedFor(line.operatorId())).contains(first.conversationId());
    engineLink.up = false;

    HttpHeaders headers = ApiTokens.bearer(new ApiTokens(apiKeys).operator(line.operatorId()));
    headers.set("Idempotency-Key", "close-while-down");
    ResponseEntity<String> closed = http.exchange(
        "/api/conversations/" + first.conversationId() + "/close", HttpMethod.POST, new HttpEntity<>(headers), String.class);

    assertThat(closed.getStatusCode().value()).as("kept, not refused: %s", closed.getBody()).isEqualTo(202);
    assertThat(countedFor(line.operatorId())).as("the slot is free before the engine has the close")
        .doesNotContain(first.conversationId());
    String command = Workflow.Message.CONVERSATION_CLOSED + ":close-while-down";
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(outbox.find(command).orElseThrow().attempts()).isGreaterThanOrEqualTo(1));
    assertThat(outbox.find(command).orElseThrow().deliveredAt()).isNull();
    assertThatProcess(engine, process).isActive();

    engineLink.up = true;

    awaitDelivered(command);
    await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, process).isCompleted());
    assertThat(conversations.findById(first.conversationId()).orElseThrow().getStatus()).isEqualTo(ConversationStatus.CLOSED);
    assertThat(engineLink.messagesSent.get(command).get()).as("refused while down, taken once back").isGreaterThanOrEqualTo(2);
  }

  /**
   * The operator closed, and the client writes before the process has the close (here the engine is away;
   * under load it is the moment the close takes to reach the process): the message opens a new conversation
   * that reaches the operator, instead of going into the one about to close with nobody to read it.
   */
  @Test
  void aClientWhoWritesAfterTheOperatorClosedBeforeTheProcessHasTheCloseGetsANewConversation() {
    IngestionFixtures.Line line = liveChat("late-word");
    IngestionResult first = answered(line, "client-late-word");
    OperatorJourney operator = new OperatorJourney(http, apiKeys, routing, conversations, line.operatorId());
    long process = conversations.findById(first.conversationId()).orElseThrow().getProcessInstanceKey();
    engineLink.up = false;
    ResponseEntity<String> closed = http.exchange("/api/conversations/" + first.conversationId() + "/close", HttpMethod.POST,
        new HttpEntity<>(ApiTokens.bearer(new ApiTokens(apiKeys).operator(line.operatorId()))), String.class);
    assertThat(closed.getStatusCode().value()).isEqualTo(202);

    IngestionResult late = ingestion.receive(line.message("m-2", "client-late-word", "Wait, one more thing"), line.connector());

    assertThat(late.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(late.conversationId()).as("a new conversation, not the one being closed").isNotEqualTo(first.conversationId());
    engineLink.up = true;
    await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, process).isCompleted());
    assertThat(conversations.findById(first.conversationId()).orElseThrow().getStatus()).isEqualTo(ConversationStatus.CLOSED);
    operator.awaitOffer(late.conversationId());
    assertThat(mongo.find(Query.query(Criteria.where("conversationId").is(late.conversationId())), ConversationMessage.class))
        .extracting(ConversationMessage::getText).containsExactly("Wait, one more thing");
  }

  /**
   * The same when the chat bot closes while the engine is away: its close is accepted and queued, and reaches
   * the process once the engine is back, without the bot repeating it. A client who writes meanwhile starts a
   * new conversation, which goes to the bot, instead of writing into the one about to close, where neither the
   * bot nor an operator reads it.
   */
  @Test
  void aClientWhoWritesAfterTheChatBotClosedBeforeTheProcessHasTheCloseGetsANewConversation(
      @Autowired BotSettingsService bots) throws IOException {
    try (FakeBotWebhook webhook = new FakeBotWebhook()) {
      IngestionFixtures.Line line = liveChat("bot-late-word");
      bots.save(new BotSettings(line.channelId(), true, webhook.url(), "bot-secret-0123456789", Duration.ofMinutes(10)));
      IngestionResult first = ingestion.receive(line.message("m-1", "client-bot-late-word", "Hello"), line.connector());
      await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(first.conversationId()) == ConversationStatus.WITH_BOT);
      long process = conversations.findById(first.conversationId()).orElseThrow().getProcessInstanceKey();
      HttpEntity<Void> asTheBot = new HttpEntity<>(ApiTokens.bearer(new ApiTokens(apiKeys).bot(line.channelId())));
      String close = "/api/bot/conversations/" + first.conversationId() + "/close";
      engineLink.up = false;

      ResponseEntity<String> accepted = http.exchange(close, HttpMethod.POST, asTheBot, String.class);
      IngestionResult late = ingestion.receive(line.message("m-2", "client-bot-late-word", "Wait, one more thing"), line.connector());

      assertThat(accepted.getStatusCode().value()).as("the engine is away: %s", accepted.getBody()).isEqualTo(202);
      assertThat(late.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(late.conversationId()).as("a new conversation, not the one being closed").isNotEqualTo(first.conversationId());
      assertThatProcess(engine, process).isActive();
      engineLink.up = true;
      // The bot does not repeat its close: the queued one is delivered.
      await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, process).isCompleted());
      assertThat(statusOf(first.conversationId())).isEqualTo(ConversationStatus.CLOSED);
      await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(late.conversationId()) == ConversationStatus.WITH_BOT);
      assertThat(webhook.callsAbout(late.conversationId())).extracting(FakeBotWebhook.Call::event).contains("conversation.started");
      assertThat(mongo.find(Query.query(Criteria.where("conversationId").is(late.conversationId())), ConversationMessage.class))
          .extracting(ConversationMessage::getText).containsExactly("Wait, one more thing");
    }
  }

  /**
   * The chat bot hands off while the engine is away: accepted and queued, so the client reaches an operator once
   * the engine is back, also when the bot never repeats the hand-off.
   */
  @Test
  void aChatBotsHandOffWhileTheEngineIsAwayReachesAnOperatorOnceItIsBack(@Autowired BotSettingsService bots) throws IOException {
    try (FakeBotWebhook webhook = new FakeBotWebhook()) {
      IngestionFixtures.Line line = liveChat("bot-hand-off-away");
      bots.save(new BotSettings(line.channelId(), true, webhook.url(), "bot-secret-0123456789", Duration.ofMinutes(10)));
      IngestionResult first = ingestion.receive(line.message("m-1", "client-bot-hand-off", "I want a human"), line.connector());
      await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(first.conversationId()) == ConversationStatus.WITH_BOT);
      HttpEntity<Void> asTheBot = new HttpEntity<>(ApiTokens.bearer(new ApiTokens(apiKeys).bot(line.channelId())));
      engineLink.up = false;

      ResponseEntity<String> accepted =
          http.exchange("/api/bot/conversations/" + first.conversationId() + "/hand-off", HttpMethod.POST, asTheBot, String.class);

      assertThat(accepted.getStatusCode().value()).as("the engine is away: %s", accepted.getBody()).isEqualTo(202);
      assertThat(statusOf(first.conversationId())).isEqualTo(ConversationStatus.WITH_BOT);
      engineLink.up = true;
      new OperatorJourney(http, apiKeys, routing, conversations, line.operatorId()).awaitOffer(first.conversationId());
    }
  }

  private ConversationStatus statusOf(String conversationId) {
    return conversations.findById(conversationId).orElseThrow().getStatus();
  }

  /**
   * The holder closed, and before the process has the close the holder (or a colleague) transfers it or a
   * colleague takes it over: the process would close it first, so a 202 would promise what never happens.
   * Both are refused with 409 and change nothing; the close goes through.
   */
  @Test
  void aTransferOrTakeOverAfterTheCloseIsAConflictUntilTheProcessHasTheClose() {
    HolderAndColleague desk = holderAndColleague("close-then-transfer");
    IngestionFixtures.Line line = desk.line();
    String colleague = desk.colleague();
    IngestionResult first = answered(line, "client-close-then-transfer");
    long process = conversations.findById(first.conversationId()).orElseThrow().getProcessInstanceKey();
    ApiTokens tokens = new ApiTokens(apiKeys);
    HttpHeaders asTheHolder = ApiTokens.bearer(tokens.operator(line.operatorId()));
    asTheHolder.setContentType(MediaType.APPLICATION_JSON);
    HttpHeaders asTheColleague = ApiTokens.bearer(tokens.operator(colleague));
    String conversation = "/api/conversations/" + first.conversationId();
    CountDownLatch closeOnItsWay = new CountDownLatch(1);
    engineLink.heldMessages.put(Workflow.Message.CONVERSATION_CLOSED, closeOnItsWay);

    ResponseEntity<String> closed = http.exchange(conversation + "/close", HttpMethod.POST, new HttpEntity<>(asTheHolder), String.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> engineLink.messagesBeingHeld.contains(first.conversationId()));
    ResponseEntity<String> transfer = http.exchange(conversation + "/transfer", HttpMethod.POST,
        new HttpEntity<>(Map.of("channelId", line.channelId()), asTheHolder), String.class);
    ResponseEntity<String> takeOver =
        http.exchange(conversation + "/intercept", HttpMethod.POST, new HttpEntity<>(asTheColleague), String.class);

    assertThat(closed.getStatusCode().value()).isEqualTo(202);
    assertThat(transfer.getStatusCode().value()).as(transfer.getBody()).isEqualTo(409);
    assertThat(transfer.getBody()).contains("is being closed");
    assertThat(takeOver.getStatusCode().value()).as(takeOver.getBody()).isEqualTo(409);
    assertThat(takeOver.getBody()).contains("is being closed");
    Conversation unchanged = conversations.findById(first.conversationId()).orElseThrow();
    assertThat(unchanged.getPendingTransfer()).isNull();
    assertThat(unchanged.getLastTakeOver()).isNull();
    closeOnItsWay.countDown();
    await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, process).isCompleted());
    assertThat(statusOf(first.conversationId())).isEqualTo(ConversationStatus.CLOSED);
    assertThat(routing.offers(first.conversationId())).noneMatch(offer -> offer.operatorId().equals(colleague));
  }

  /**
   * A spam mark is stored before it is published (so that a colleague's take-over asked at the same moment sees it):
   * one the engine did not take (503) is withdrawn, and the take-over asked after it is not kept out by it.
   */
  @Test
  void aSpamMarkTheEngineDidNotTakeIsNotKeptAndKeepsNoTakeOverOut() {
    HolderAndColleague desk = holderAndColleague("spam-while-down");
    String holder = desk.line().operatorId();
    String colleague = desk.colleague();
    IngestionResult first = answered(desk.line(), "client-spam-while-down");
    ApiTokens tokens = new ApiTokens(apiKeys);
    String conversation = "/api/conversations/" + first.conversationId();

    engineLink.up = false;
    ResponseEntity<String> spam = http.exchange(conversation + "/spam", HttpMethod.POST,
        new HttpEntity<>(ApiTokens.bearer(tokens.operator(holder))), String.class);
    engineLink.up = true;

    assertThat(spam.getStatusCode().value()).as(spam.getBody()).isEqualTo(503);
    assertThat(conversations.findById(first.conversationId()).orElseThrow().getSpamRequest()).isNull();
    ResponseEntity<String> takeOver = http.exchange(conversation + "/intercept", HttpMethod.POST,
        new HttpEntity<>(ApiTokens.bearer(tokens.operator(colleague))), String.class);
    assertThat(takeOver.getStatusCode().value()).as(takeOver.getBody()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> routing.state(first.conversationId()).orElseThrow().getAssignedOperatorId(),
        colleague::equals);
    assertThat(statusOf(first.conversationId())).isEqualTo(ConversationStatus.IN_PROGRESS);
  }

  /** A live-chat channel whose queue is a holder (the line's operator, offered first) and a colleague. */
  private record HolderAndColleague(IngestionFixtures.Line line, String colleague) {}

  private HolderAndColleague holderAndColleague(String channelName) {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String holder = fx.operator("holder");
    String colleague = fx.operator("colleague");
    String channel = fx.channel(channelName, DistributionMode.STRICT, 10, holder, colleague);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(
        null, channel, ConnectorTypes.LIVECHAT, 100, null, new LiveChatSettings(false, null)));
    return new HolderAndColleague(new IngestionFixtures.Line(channel, holder, connector, clock), colleague);
  }

  /** The same when the conversation timeout closes it: the client's word just after it is not lost either. */
  @Test
  void aClientWhoWritesJustAfterTheConversationTimeoutClosedItGetsANewConversation(
      @Autowired ChannelLifecycleSettingsService lifecycle) {
    IngestionFixtures.Line line = liveChat("late-after-timeout");
    lifecycle.save(new ChannelLifecycleSettings(line.channelId(), null, new AutomaticActions("", "", "", "", "", ""), null,
        new ConversationTimeout(Duration.ofMinutes(10), "We close this chat as we have not heard from you.")));
    // A messenger that takes the operator's reply (a live chat needs a visitor's session for it).
    ConnectorSettings messenger = new ConnectorSettings("late-timeout", line.channelId(), TestMessenger.TYPE, 1000, null, null);
    IngestionResult first = ingestion.receive(clientMessage(messenger, "m-1", "Hello"), messenger);
    OperatorJourney operator = new OperatorJourney(http, apiKeys, routing, conversations, line.operatorId());
    operator.awaitOffer(first.conversationId());
    operator.answer(first.conversationId());
    long process = conversations.findById(first.conversationId()).orElseThrow().getProcessInstanceKey();
    operator.reply(first.conversationId(), "Does that answer it?");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThatProcess(engine, process).isWaitingAtElements("client-reply-time-over", "conversation-closed"));
    engineLink.up = false;

    engine.increaseTime(Duration.ofMinutes(11));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatProcess(engine, process).hasPassedElement("close-for-silence"));
    IngestionResult late = ingestion.receive(clientMessage(messenger, "m-2", "Sorry, I was away"), messenger);

    assertThat(late.conversationId()).as("a new conversation, not the one being closed").isNotEqualTo(first.conversationId());
    engineLink.up = true;
    await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, process).isCompleted());
    operator.awaitOffer(late.conversationId());
  }

  private InboundMessage clientMessage(ConnectorSettings connector, String externalId, String text) {
    return new InboundMessage(connector.type(), connector.id(), externalId, "client-late-timeout",
        new InboundMessage.ClientProfile("Ann", null, null, "en"), text, List.of(), false, clock.instant());
  }

  /**
   * A slot frees while a client waits, and the wake-up of that client does not reach the engine at once
   * (here: the engine is away; in production also a wake-up that is simply slower): a newcomer whose
   * first offer runs first must not take the slot past the client who has waited longer.
   */
  @Test
  void aNewcomerDoesNotTakeAFreedSlotBeforeTheClientWhoWaitedLonger() {
    IngestionFixtures.Line line = new IngestionFixtures(channels, operators, mongo, connectors, clock).liveChat("queue-order", 1, 100);
    IngestionResult held = ingestion.receive(line.message("m-1", "client-queue-order-1", "Hello"), line.connector());
    OperatorJourney operator = new OperatorJourney(http, apiKeys, routing, conversations, line.operatorId());
    operator.awaitOffer(held.conversationId());
    operator.answer(held.conversationId());
    IngestionResult waiting = ingestion.receive(line.message("m-2", "client-queue-order-2", "Hello"), line.connector());
    await().atMost(Duration.ofSeconds(30)).until(() -> routingStatus(waiting.conversationId()) == RoutingStatus.WAITING);
    engineLink.up = false;

    assertThat(operator.call(HttpMethod.POST, "/api/conversations/" + held.conversationId() + "/close", null)
        .getStatusCode().value()).isEqualTo(202);
    assertThat(routingStatus(waiting.conversationId())).as("woken, its wake-up refused").isEqualTo(RoutingStatus.WOKEN);
    IngestionResult newcomer = ingestion.receive(line.message("m-3", "client-queue-order-3", "Hello"), line.connector());
    engineLink.up = true;

    await().atMost(Duration.ofSeconds(30)).until(() -> routing.state(newcomer.conversationId())
        .filter(s -> s.getRound() >= 1 && s.getStatus() == RoutingStatus.WAITING).isPresent());
    assertThat(routing.offers(newcomer.conversationId())).as("the newcomer waits behind the woken client").isEmpty();
    // The safety net wakes the client whose wake-up was lost; the slot is still theirs.
    await().atMost(Duration.ofSeconds(60)).until(() -> OperatorJourney.offeredTo(routing, waiting.conversationId(), line.operatorId()));
    assertThat(routing.offers(newcomer.conversationId())).isEmpty();
  }

  private RoutingStatus routingStatus(String conversationId) {
    return routing.state(conversationId).map(ConversationRouting::getStatus).orElse(null);
  }

  private Set<String> countedFor(String operatorId) {
    return mongo.findById(operatorId, Operator.class).getCounted();
  }

  @Test
  void aStartDeliveredAgainAfterTheProcessEndedCancelsItsInstanceBeforeItsFirstStep() {
    IngestionFixtures.Line line = liveChat("second");
    IngestionResult first = firstMessageWithItsProcess(line);
    long linked = conversations.findById(first.conversationId()).orElseThrow().getProcessInstanceKey();

    // The operator answers and closes the conversation, so its process ends; then its start reaches the
    // engine once more (a start whose reply was lost, retried late), with the very variables ingestion
    // queued: the engine starts a new instance.
    OperatorJourney operator = new OperatorJourney(http, apiKeys, routing, conversations, line.operatorId());
    operator.awaitOffer(first.conversationId());
    operator.answer(first.conversationId());
    operator.close(first.conversationId());
    await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() ->
        assertThatProcess(engine, linked).isCompleted());
    String startCommand = ProcessCommandOutbox.startCommandId(first.conversationId());
    engineLink.startConversation(first.conversationId(), startCommand, outbox.find(startCommand).orElseThrow().variables());

    await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> {
      List<Long> processes = conversationProcesses(first.conversationId());
      assertThat(processes).hasSize(2);
      assertThatProcess(engine, processes.get(1)).isTerminated().hasNotPassedElement("identify-client");
    });
    assertThat(conversations.findById(first.conversationId()).orElseThrow().getProcessInstanceKey()).isEqualTo(linked);
  }

  @Test
  void aSlowEngineCallForOneConversationDoesNotHoldUpTheOthers() {
    IngestionFixtures.Line line = liveChat("slow");
    CountDownLatch slowStartAnswers = new CountDownLatch(1);
    engineLink.heldStarts.put("client-slow", slowStartAnswers);

    IngestionResult slow = ingestion.receive(line.message("m-1", "client-slow", "Hello"), line.connector());
    await().atMost(Duration.ofSeconds(30)).until(() -> engineLink.startsBeingHeld.contains(slow.conversationId()));
    IngestionResult other = ingestion.receive(line.message("m-2", "client-other", "Hello"), line.connector());
    IngestionResult slowAgain = ingestion.receive(line.message("m-3", "client-slow", "Still there?"), line.connector());

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(outbox.find(ProcessCommandOutbox.startCommandId(other.conversationId())).orElseThrow().deliveredAt())
            .isNotNull());
    assertThat(outbox.find(ProcessCommandOutbox.startCommandId(slow.conversationId())).orElseThrow().deliveredAt()).isNull();
    assertThat(outbox.find(ProcessCommandOutbox.clientMessageCommandId(slowAgain.messageId())).orElseThrow().deliveredAt())
        .as("a conversation's message waits for its start").isNull();

    slowStartAnswers.countDown();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      ProcessCommand start = outbox.find(ProcessCommandOutbox.startCommandId(slow.conversationId())).orElseThrow();
      ProcessCommand message = outbox.find(ProcessCommandOutbox.clientMessageCommandId(slowAgain.messageId())).orElseThrow();
      assertThat(start.deliveredAt()).isNotNull();
      assertThat(message.deliveredAt()).isNotNull().isAfterOrEqualTo(start.deliveredAt());
    });
  }

  /** Keys of the conversation-process instances that were given this conversation id. */
  private List<Long> conversationProcesses(String conversationId) {
    return StreamSupport.stream(RecordStream.of(engine.getRecordStreamSource()).variableRecords().spliterator(), false)
        .map(Record::getValue)
        .filter(v -> v.getBpmnProcessId().equals(Workflow.Process.CONVERSATION)
            && v.getName().equals(Workflow.Variable.CONVERSATION_ID)
            && v.getValue().equals("\"" + conversationId + "\""))
        .map(v -> v.getProcessInstanceKey())
        .distinct()
        .toList();
  }

  @Test
  void backoffDoublesUpToItsLimit() {
    assertThat(List.of(outbox.backoff(1), outbox.backoff(2), outbox.backoff(3), outbox.backoff(30)))
        .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofSeconds(30));
  }

  /**
   * Sends through the application's engine when up, through a client of a closed port when down. With
   * {@code startRepliesToLose} above zero, a start is sent to the engine and then fails as if its reply
   * had been lost on the way back (a timeout, a dropped connection).
   */
  static class SwitchableGateway implements ProcessCommandGateway, AutoCloseable {
    volatile boolean up = true;
    final AtomicInteger startRepliesToLose = new AtomicInteger();
    final AtomicInteger startsSent = new AtomicInteger();
    final AtomicInteger messageRepliesToLose = new AtomicInteger();
    /** Message id -> how often it was sent to the engine (taken, or refused as a repeat). */
    final Map<String, AtomicInteger> messagesSent = new ConcurrentHashMap<>();
    /** Starts for these clients wait until their latch is released (a slow engine call). */
    final Map<String, CountDownLatch> heldStarts = new ConcurrentHashMap<>();
    final Set<String> startsBeingHeld = ConcurrentHashMap.newKeySet();
    /** Messages of these names wait until their latch is released (on their way to the engine, not there yet). */
    final Map<String, CountDownLatch> heldMessages = new ConcurrentHashMap<>();
    final Set<String> messagesBeingHeld = ConcurrentHashMap.newKeySet();
    private final ProcessCommandGateway live;
    private final ProcessCommandGateway unreachable;
    private final CamundaClient unreachableClient;

    SwitchableGateway(ProcessCommandGateway live, ProcessCommandGateway unreachable, CamundaClient unreachableClient) {
      this.live = live;
      this.unreachable = unreachable;
      this.unreachableClient = unreachableClient;
    }

    @Override
    public void close() {
      unreachableClient.close();
    }

    private ProcessCommandGateway current() {
      return up ? live : unreachable;
    }

    @Override
    public void startConversation(String conversationId, String commandId, Map<String, Object> variables) {
      CountDownLatch hold = heldStarts.get(String.valueOf(variables.get(Workflow.Variable.CLIENT_ID)));
      if (hold != null) {
        startsBeingHeld.add(conversationId);
        awaitQuietly(hold);
      }
      current().startConversation(conversationId, commandId, variables);
      startsSent.incrementAndGet();
      if (startRepliesToLose.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
        throw new IllegalStateException("DEADLINE_EXCEEDED: the engine's reply was lost (simulated)");
      }
    }

    private static void awaitQuietly(CountDownLatch hold) {
      try {
        hold.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void publishMessage(String name, String key, String id, Duration ttl, Map<String, Object> variables) {
      if (id != null) {
        messagesSent.computeIfAbsent(id, any -> new AtomicInteger()).incrementAndGet();
      }
      CountDownLatch hold = heldMessages.get(name);
      if (hold != null) {
        messagesBeingHeld.add(key);
        awaitQuietly(hold);
      }
      current().publishMessage(name, key, id, ttl, variables);
      if (messageRepliesToLose.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
        throw new IllegalStateException("DEADLINE_EXCEEDED: the engine's reply was lost (simulated)");
      }
    }
  }

  @TestConfiguration
  static class SwitchableEngine {

    /** The unreachable client is no bean, so the application keeps exactly one CamundaClient. */
    @Bean(destroyMethod = "close")
    @Primary
    SwitchableGateway switchableGateway(CamundaClient camundaClient) throws IOException {
      int closedPort;
      try (ServerSocket socket = new ServerSocket(0)) {
        closedPort = socket.getLocalPort();
      }
      CamundaClient unreachable = CamundaClient.newClientBuilder()
          .grpcAddress(URI.create("http://127.0.0.1:" + closedPort))
          .restAddress(URI.create("http://127.0.0.1:" + closedPort))
          .preferRestOverGrpc(false)
          .build();
      Duration timeout = Duration.ofSeconds(2);
      return new SwitchableGateway(
          new CamundaProcessCommandGateway(camundaClient, timeout),
          new CamundaProcessCommandGateway(unreachable, timeout),
          unreachable);
    }
  }
}
