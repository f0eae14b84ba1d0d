package dev.openlines.bot;

import dev.openlines.connector.LiveChatSettings;
import java.time.Instant;

import dev.openlines.testing.ProcessVariables;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.channel.BotSettings;
import dev.openlines.channel.BotSettingsService;
import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.KpiSettings;
import dev.openlines.kpi.SupervisorNotificationStore;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.InboundMessage;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationDeadlines;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationResponseTimes;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.MessageAuthor;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.testing.TestMessenger;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The chat bot first line of bpmn/conversation.bpmn on the real engine, with a local HTTP server as the
 * bot's webhook: hand-off, close by the bot, silence timeout, forwarding client messages, an unreachable
 * bot, and a channel without a bot.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class BotProcessTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final Duration SILENCE = Duration.ofMinutes(2);
  static final String SECRET = "bot-secret-0123456789";

  @Autowired CamundaClient client;
  @Autowired ZeebeTestEngine engine;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  @Autowired BotSettingsService bots;
  @Autowired BotApiService botApi;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationMessageStore messages;
  @Autowired RoutingService routing;
  @Autowired InboundMessageService ingestion;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ObjectMapper json;
  @Autowired Clock clock;
  @Autowired ClientConversations clients;

  FakeBotWebhook webhook;
  String operator;

  @BeforeEach
  void bot() throws Exception {
    webhook = new FakeBotWebhook();
  }

  @AfterEach
  void stop() {
    webhook.close();
  }

  String channel(boolean withBot) {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    operator = fx.operator("olga");
    String channel = fx.channel("bot", DistributionMode.STRICT, 10, operator);
    if (withBot) {
      bots.save(new BotSettings(channel, true, webhook.url(), SECRET, SILENCE));
    }
    return channel;
  }

  /** The client's first message through ingestion: stored, conversation opened, process started. */
  Started start(String channelId) {
    return clients.start(channelId);
  }

  void eventually(long key, ThrowingConsumer<ProcessInstanceAssert> check) {
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> check.accept(assertThatProcess(engine, key)));
  }

  void awaitWithBot(Started c) {
    eventually(c.key(), p -> p.isWaitingAtElements("wait-for-bot"));
    await().atMost(WAIT).until(() -> status(c) == ConversationStatus.WITH_BOT);
  }

  ConversationStatus status(Started c) {
    return conversations.findById(c.conversationId()).orElseThrow().getStatus();
  }

  void awaitOffered(Started c) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(routing.offers(c.conversationId()).stream()
        .filter(o -> o.status() == OfferStatus.OFFERED).map(Offer::operatorId)).containsExactly(operator));
  }

  @Test
  void theBotIsToldAboutTheNewConversationWithASignedCallAndHandsItToAnOperatorWithANote() throws Exception {
    Started c = start(channel(true));

    awaitWithBot(c);
    assertThat(routing.offers(c.conversationId())).isEmpty();
    FakeBotWebhook.Call call = webhook.callsAbout(c.conversationId()).getFirst();
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/openlines/events");
    assertThat(call.contentType()).startsWith("application/json");
    assertThat(call.event()).isEqualTo("conversation.started");
    assertThat(call.delivery()).isEqualTo("start:" + c.conversationId());
    assertThat(call.signature()).isEqualTo("sha256=" + BotWebhook.signature(SECRET, call.body().getBytes(StandardCharsets.UTF_8)));
    JsonNode body = json.readTree(call.body());
    assertThat(body.get("event").asText()).isEqualTo("conversation.started");
    assertThat(body.get("conversationId").asText()).isEqualTo(c.conversationId());
    assertThat(body.get("connectorType").asText()).isEqualTo(TestMessenger.TYPE);
    assertThat(body.get("clientId").asText()).isEqualTo(c.clientId());
    assertThat(body.at("/message/id").asText()).isEqualTo(c.firstMessageId());
    assertThat(body.at("/message/text").asText()).isEqualTo("Hello, I have a question");

    botApi.handOff(c.conversationId(), "Wants a refund, order 4711");

    awaitOffered(c);
    eventually(c.key(), p -> p.hasPassedElementsInOrder("chat-bot-first", "mark-with-bot", "hand-to-bot", "wait-for-bot",
            "bot-handed-off", "hand-to-operators", "bot-phase-done", "always-open")
        .hasNotPassedElement("bot-silent"));
    Conversation stored = conversations.findById(c.conversationId()).orElseThrow();
    assertThat(stored.getStatus()).isNotEqualTo(ConversationStatus.WITH_BOT);
    assertThat(stored.getDeadlines() == null ? null : stored.getDeadlines().botSilentUntil()).isNull();
    ConversationMessage note = messages.find(c.conversationId() + ":bot-note").orElseThrow();
    assertThat(note.getAuthor()).isEqualTo(MessageAuthor.BOT);
    assertThat(note.getText()).isEqualTo("Wants a refund, order 4711");
    assertThat(note.getDelivery()).isEqualTo(dev.openlines.conversation.DeliveryStatus.NOT_SENT);
  }

  @Test
  void theBotClosesTheConversationAndNoOperatorIsInvolved() {
    Started c = start(channel(true));
    awaitWithBot(c);

    botApi.close(c.conversationId());

    eventually(c.key(), p -> p.hasPassedElementsInOrder("wait-for-bot", "bot-closed", "mark-closed-by-bot", "rating-wait-done")
        .hasPassedElement("conversation-ended")
        .hasNotPassedElement("always-open")
        .hasNotPassedElement("send-closing-text")
        .hasNotPassedElement("free-slot")
        .isCompleted());
    assertThat(status(c)).isEqualTo(ConversationStatus.CLOSED);
    assertThat(routing.offers(c.conversationId())).isEmpty();
  }

  @Test
  void aSilentBotLosesTheConversationToOperatorsAndEachBotMessageRestartsItsSilence() {
    Started c = start(channel(true));
    awaitWithBot(c);
    ConversationDeadlines deadlines = conversations.findById(c.conversationId()).orElseThrow().getDeadlines();
    assertThat(deadlines.botSilentUntil()).isNotNull();

    engine.increaseTime(SILENCE.minusSeconds(30));
    botApi.send(c.conversationId(), "Let me check that for you.", "b-1");
    eventually(c.key(), p -> p.hasPassedElement("bot-answered"));
    await().atMost(WAIT).until(() ->
        conversations.findById(c.conversationId()).orElseThrow().getDeadlines().botSilentUntil().isAfter(deadlines.botSilentUntil()));

    engine.increaseTime(Duration.ofSeconds(60));
    eventually(c.key(), p -> p.isWaitingAtElements("wait-for-bot").hasNotPassedElement("bot-silent"));
    assertThat(routing.offers(c.conversationId())).isEmpty();

    engine.increaseTime(SILENCE);
    awaitOffered(c);
    eventually(c.key(), p -> p.hasPassedElementsInOrder("bot-silent", "hand-to-operators", "always-open")
        .hasNotPassedElement("bot-handed-off"));
  }

  @Test
  void aChannelWithoutABotGoesStraightToWorkingHoursAndRouting() {
    Started c = start(channel(false));

    awaitOffered(c);
    eventually(c.key(), p -> p.hasPassedElementsInOrder("welcome-texts-done", "chat-bot-first", "bot-phase-done", "always-open")
        .hasNotPassedElement("mark-with-bot")
        .hasNotPassedElement("hand-to-bot"));
    assertThat(webhook.calls()).isEmpty();
  }

  @Test
  void aBotThatRefusesTheConversationHandsItToOperators() {
    webhook.answerNext(404);
    Started c = start(channel(true));

    awaitOffered(c);
    eventually(c.key(), p -> p.hasPassedElementsInOrder("mark-with-bot", "bot-start-failed", "hand-to-operators", "always-open")
        .hasNotPassedElement("wait-for-bot"));
    assertThat(webhook.callsAbout(c.conversationId())).hasSize(1);
  }

  @Test
  void aBotThatIsDownForAMomentIsCalledAgainWithTheSameDeliveryId(CapturedOutput log) {
    webhook.answerNext(503);
    Started c = start(channel(true));

    await().atMost(WAIT).until(() -> webhook.callsAbout(c.conversationId()).size() == 1);
    // The failed call is logged at once, not only when the retries run out and the operators take over.
    await().atMost(WAIT).until(() -> log.getAll().contains("Conversation " + c.conversationId() + ": The chat bot at "
        + webhook.url() + " answered HTTP 503; calling again in PT5S (4 attempts left)"));
    engine.increaseTime(Duration.ofSeconds(10));

    awaitWithBot(c);
    assertThat(webhook.callsAbout(c.conversationId())).hasSize(2)
        .extracting(FakeBotWebhook.Call::delivery).containsOnly("start:" + c.conversationId());
    assertThat(routing.offers(c.conversationId())).isEmpty();
  }

  @Test
  void clientMessagesDuringTheBotPhaseReachTheBotAndAreStoredAsConversationMessages() throws Exception {
    String channel = channel(true);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, "livechat",
        ConnectorSettings.DEFAULT_MAX_ATTACHMENT_BYTES, null, new LiveChatSettings(false, null)));
    String clientId = "visitor-" + UUID.randomUUID();

    String conversationId = ingestion.receive(inbound(connector, clientId, "Hi, I need help"), connector).conversationId();
    await().atMost(WAIT).until(() -> conversations.findById(conversationId).orElseThrow().getStatus() == ConversationStatus.WITH_BOT);
    await().atMost(WAIT).until(() -> webhook.callsAbout(conversationId).size() == 1);

    String second = ingestion.receive(inbound(connector, clientId, "My order is 4711"), connector).messageId();

    await().atMost(WAIT).until(() -> webhook.callsAbout(conversationId).size() == 2);
    FakeBotWebhook.Call forwarded = webhook.callsAbout(conversationId).get(1);
    assertThat(forwarded.event()).isEqualTo("client.message");
    assertThat(forwarded.delivery()).isEqualTo("message:" + second);
    assertThat(forwarded.signature()).isEqualTo("sha256=" + BotWebhook.signature(SECRET, forwarded.body().getBytes(StandardCharsets.UTF_8)));
    JsonNode body = json.readTree(forwarded.body());
    assertThat(body.at("/message/id").asText()).isEqualTo(second);
    assertThat(body.at("/message/text").asText()).isEqualTo("My order is 4711");
    assertThat(messages.find(second).orElseThrow().getConversationId()).isEqualTo(conversationId);
    long key = conversations.findById(conversationId).orElseThrow().getProcessInstanceKey();
    eventually(key, p -> p.hasPassedElement("forward-to-bot").isWaitingAtElements("wait-for-bot"));
    assertThat(mongo.count(Query.query(Criteria.where("conversationId").is(conversationId)), ConversationMessage.class)).isEqualTo(2);
  }

  InboundMessage inbound(ConnectorSettings connector, String clientId, String text) {
    return new InboundMessage(connector.type(), connector.id(), "ext-" + UUID.randomUUID(), clientId,
        new InboundMessage.ClientProfile("Ann", null, null, "en"), text, List.of(), false, clock.instant());
  }

  @Test
  void theOperatorsFirstResponseClockStartsWhenTheBotHandsTheConversationOver(
      @Autowired ChannelLifecycleSettingsService lifecycle,
      @Autowired ConversationResponseTimes responseTimes,
      @Autowired SupervisorNotificationStore notifications) {
    String channel = channel(true);
    String supervisor = "supervisor-" + UUID.randomUUID();
    Duration firstResponse = Duration.ofMinutes(1);
    lifecycle.save(new ChannelLifecycleSettings(channel, null, null,
        new KpiSettings(firstResponse, null, "#OPERATOR# has not answered #DIALOG#", List.of(supervisor))));
    Started c = start(channel);
    responseTimes.clientWrote(c.conversationId(), clock.instant());
    awaitWithBot(c);

    // The bot keeps the client longer than the operators' first-response limit: not the operators' delay.
    engine.increaseTime(SILENCE.plusSeconds(10));
    awaitOffered(c);
    eventually(c.key(), p -> p.hasPassedElementsInOrder("hand-to-operators", "operators-turn", "start-first-reply-clock")
        .isWaitingAtElements("wait-for-first-reply").hasNotPassedElement("first-reply-late"));
    Conversation handedOver = conversations.findById(c.conversationId()).orElseThrow();
    assertThat(handedOver.getAwaitingReplySince()).isEqualTo(handedOver.getHandedToOperatorsAt());
    assertThat(ProcessVariables.variable(engine, c.key(), Workflow.Variable.KPI_DUE_AT))
        .hasValueSatisfying(due -> assertThat(Instant.parse((String) due))
            .isEqualTo(handedOver.getHandedToOperatorsAt().plus(firstResponse)));
    assertThat(notifications.inbox(supervisor)).isEmpty();

    engine.increaseTime(firstResponse.plusSeconds(10));
    eventually(c.key(), p -> p.hasPassedElement("notify-late-first-reply"));
    assertThat(notifications.inbox(supervisor)).hasSize(1);
  }
}
