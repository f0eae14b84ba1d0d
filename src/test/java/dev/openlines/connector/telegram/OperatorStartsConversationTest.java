package dev.openlines.connector.telegram;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.ChannelService;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.connector.TelegramSettings;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.conversation.inbound.OperatorStartedConversations;
import dev.openlines.channel.ClosingSettings;
import dev.openlines.channel.OpenChannel;
import dev.openlines.connector.InboundMessage;
import java.time.Instant;
import java.util.List;
import dev.openlines.workflow.outbox.ProcessCommand;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * POST /api/conversations: an operator starts a conversation with a client known from an earlier
 * conversation. It opens through the outbox like a client's, is routed to that operator only, held by
 * them, and their text reaches the client's messenger.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorStartsConversationTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String SECRET = "operator-start-secret-123";

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  @Autowired ZeebeTestEngine engine;

  /** A chat of this test's own: the chat tracker remembers clients across the shared context. */
  static long uniqueChat() {
    return 800_000_000L + ThreadLocalRandom.current().nextLong(100_000_000L);
  }

  ResponseEntity<String> deliver(ConnectorSettings connector, String update) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Telegram-Bot-Api-Secret-Token", SECRET);
    return http.postForEntity("/webhooks/telegram/" + connector.id(), new HttpEntity<>(update, headers), String.class);
  }

  ResponseEntity<JsonNode> start(String operatorId, String connectorId, String clientId, String text) {
    String key = new ApiTokens(apiKeys).operator(operatorId);
    return http.exchange("/api/conversations", HttpMethod.POST,
        ApiTokens.request(key, Map.of("connectorId", connectorId, "clientId", clientId, "text", text)), JsonNode.class);
  }

  long conversationsOf(ConnectorSettings connector, String clientId) {
    return mongo.count(Query.query(Criteria.where("connectorId").is(connector.id()).and("clientId").is(clientId)),
        Conversation.class);
  }

  /** Starts queued for the client by an operator (the outbox keeps a delivered command's variables). */
  long operatorStartsFor(String clientId) {
    return mongo.count(Query.query(Criteria.where("variables.clientId").is(clientId)
        .and("variables.startedByOperatorId").exists(true)), ProcessCommand.class);
  }

  /** The client writes, the operator answers and closes: the client is known on the connector from then on. */
  String earlierConversation(ConnectorSettings connector, OperatorJourney operator, long chat) {
    assertThat(deliver(connector, TelegramWebhookTest.textUpdate(chat, 1, 1, "Hello")).getStatusCode().value()).isEqualTo(200);
    String earlier = ingestion.find(connector.id(), Long.toString(chat), chat + ":1").orElseThrow().getConversationId();
    operator.awaitOffer(earlier);
    operator.answer(earlier);
    operator.close(earlier);
    return earlier;
  }

  @Test
  void anOperatorStartsAConversationWithAKnownTelegramClientHeldByThemAndTheTextReachesTheBotApi() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String colleague = fx.operator("colleague");
    String channel = fx.channel("operator-start", dev.openlines.channel.DistributionMode.STRICT, 5, olga, colleague);
    long chat = uniqueChat();
    try (FakeTelegramBotApi telegram = new FakeTelegramBotApi()) {
      String token = "7000002:AAH-operator-start";
      ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 1000,
          new TelegramSettings(token, SECRET, telegram.baseUrl()), null));
      OperatorJourney journey = new OperatorJourney(http, apiKeys, routing, conversations, olga);
      String earlier = earlierConversation(connector, journey, chat);

      ResponseEntity<JsonNode> started = start(olga, connector.id(), Long.toString(chat), "Your order has shipped");

      assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(202);
      String conversationId = started.getBody().get("conversationId").asText();
      assertThat(conversationId).isNotEqualTo(earlier);
      await().atMost(WAIT).until(() -> conversations.findById(conversationId).orElseThrow().getStatus() == ConversationStatus.IN_PROGRESS);
      assertThat(routing.state(conversationId).orElseThrow().getAssignedOperatorId()).isEqualTo(olga);
      // Offered to the operator who started it only, never to the colleague in the same queue.
      assertThat(routing.offers(conversationId)).extracting(Offer::operatorId).containsOnly(olga);
      long instance = conversations.findById(conversationId).orElseThrow().getProcessInstanceKey();
      await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, instance)
          .hasPassedElementsInOrder("started-by-operator", "assign-to-starter", "make-starter-responsible",
              "mark-started-in-progress", "send-first-text", "back-in-progress")
          .hasNotPassedElement("crm-check-on")
          .hasNotPassedElement("find-operator")
          .isWaitingAtElements("conversation-closed"));

      JsonNode inbox = journey.call(HttpMethod.GET, "/api/operators/me/inbox", null).getBody();
      assertThat(inbox.get("conversations").findValuesAsText("conversationId")).contains(conversationId);
      await().atMost(WAIT).untilAsserted(() -> assertThat(telegram.calls()).contains(new FakeTelegramBotApi.Call(token,
          "sendMessage", Map.of("chat_id", Long.toString(chat), "text", "Your order has shipped"))));
    }
  }

  @Test
  void anOperatorOfAnotherChannelIsRefusedAndNothingIsStored() {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String stranger = fx.operator("stranger");
    String channel = fx.channel("operator-start-403", dev.openlines.channel.DistributionMode.STRICT, 5, olga);
    fx.channel("strangers-channel", dev.openlines.channel.DistributionMode.STRICT, 5, stranger);
    long chat = uniqueChat();
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 1000,
        new TelegramSettings("7000003:AAH-forbidden", SECRET), null));
    earlierConversation(connector, new OperatorJourney(http, apiKeys, routing, conversations, olga), chat);
    long conversationsBefore = conversationsOf(connector, Long.toString(chat));

    ResponseEntity<JsonNode> refused = start(stranger, connector.id(), Long.toString(chat), "Hi from a stranger");

    assertThat(refused.getStatusCode().value()).isEqualTo(403);
    assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refused.getBody().get("detail").asText()).contains(channel);
    assertThat(conversationsOf(connector, Long.toString(chat))).isEqualTo(conversationsBefore);
    assertThat(operatorStartsFor(Long.toString(chat))).isZero();
  }

  @Test
  void anUnknownClientIsAProblemAndNothingIsStored() {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel("operator-start-404", dev.openlines.channel.DistributionMode.STRICT, 5, olga);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 1000,
        new TelegramSettings("7000004:AAH-unknown", SECRET), null));
    String nobody = Long.toString(uniqueChat());

    ResponseEntity<JsonNode> refused = start(olga, connector.id(), nobody, "Hello?");

    assertThat(refused.getStatusCode().value()).isEqualTo(404);
    assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refused.getBody().get("detail").asText()).contains(nobody);
    assertThat(conversationsOf(connector, nobody)).isZero();
    assertThat(operatorStartsFor(nobody)).isZero();
  }

  @Test
  void aLiveChatVisitorWhoWroteBeforeCannotBeWrittenToFirstAndNothingChanges() {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel("operator-start-409", dev.openlines.channel.DistributionMode.STRICT, 5, olga);
    ConnectorSettings liveChat = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000,
        null, new LiveChatSettings(false, null, false)));
    String visitor = "visitor-" + uniqueChat();
    OperatorJourney journey = new OperatorJourney(http, apiKeys, routing, conversations, olga);
    // The visitor is known on the connector: the refusal is about the messenger, not about an unknown client.
    String earlier = ingestion.receive(new InboundMessage(ConnectorTypes.LIVECHAT, liveChat.id(), "ext-" + visitor, visitor,
        new InboundMessage.ClientProfile("Vera", null, null, "en"), "Hello", List.of(), false, Instant.now()), liveChat)
        .conversationId();
    journey.awaitOffer(earlier);
    journey.answer(earlier);
    journey.close(earlier);
    await().atMost(WAIT).until(() -> conversations.findById(earlier).orElseThrow().getStatus() == ConversationStatus.CLOSED);
    long conversationsBefore = conversationsOf(liveChat, visitor);
    long loadBefore = operators.get(olga).loadIn(channel);

    ResponseEntity<JsonNode> refused = start(olga, liveChat.id(), visitor, "Hello?");

    assertThat(refused.getStatusCode().value()).isEqualTo(409);
    assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refused.getBody().get("detail").asText()).contains("livechat").contains("telegram").contains("email");
    assertThat(conversationsOf(liveChat, visitor)).isEqualTo(conversationsBefore);
    assertThat(operatorStartsFor(visitor)).isZero();
    assertThat(mongo.count(Query.query(Criteria.where("operatorId").is(olga)), OperatorStartedConversations.PendingStart.class))
        .isZero();
    assertThat(operators.get(olga).loadIn(channel)).isEqualTo(loadBefore);
  }

  @Test
  void aClientStillAskedToRateTheirLastConversationIsAConflictAndNothingChanges() {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel("operator-start-rating", dev.openlines.channel.DistributionMode.STRICT, 5, olga);
    OpenChannel withRatingWait = channels.get(channel);
    withRatingWait.setClosing(new ClosingSettings(Duration.ofMinutes(30), false));
    channels.save(withRatingWait);
    long chat = uniqueChat();
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 1000,
        new TelegramSettings("7000005:AAH-rating", SECRET), null));
    String earlier = earlierConversation(connector, new OperatorJourney(http, apiKeys, routing, conversations, olga), chat);
    await().atMost(WAIT).until(() -> {
      Conversation closed = conversations.findById(earlier).orElseThrow();
      return closed.getDeadlines() != null && closed.getDeadlines().ratingWaitEndsAt() != null;
    });
    long conversationsBefore = conversationsOf(connector, Long.toString(chat));

    ResponseEntity<JsonNode> refused = start(olga, connector.id(), Long.toString(chat), "One more thing");

    assertThat(refused.getStatusCode().value()).isEqualTo(409);
    assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refused.getBody().get("detail").asText()).contains("rate").contains(Long.toString(chat));
    assertThat(conversationsOf(connector, Long.toString(chat))).isEqualTo(conversationsBefore);
    assertThat(operatorStartsFor(Long.toString(chat))).isZero();
    Conversation stillWaiting = conversations.findById(earlier).orElseThrow();
    assertThat(stillWaiting.getStatus()).isEqualTo(ConversationStatus.CLOSED);
    assertThat(stillWaiting.getReopenRequestedAt()).isNull();
  }

  /**
   * Taking a started conversation for its operator must not leave an "answered" behind: transferred at once
   * to a colleague, the colleague gets an offer to answer, and it is theirs only when they answer.
   */
  @Test
  void aConversationTransferredRightAfterTheOperatorStartedItIsOfferedToTheColleagueNotTakenForThem() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String colleague = fx.operator("colleague");
    String channel = fx.channel("operator-start-transfer", dev.openlines.channel.DistributionMode.STRICT, 5, olga, colleague);
    long chat = uniqueChat();
    try (FakeTelegramBotApi telegram = new FakeTelegramBotApi()) {
      ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 1000,
          new TelegramSettings("7000006:AAH-start-transfer", SECRET, telegram.baseUrl()), null));
      OperatorJourney journey = new OperatorJourney(http, apiKeys, routing, conversations, olga);
      earlierConversation(connector, journey, chat);

      ResponseEntity<JsonNode> started = start(olga, connector.id(), Long.toString(chat), "About your order");
      assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(202);
      String conversationId = started.getBody().get("conversationId").asText();
      // The moment the conversation is hers, well within the time an "answered" stays buffered.
      await().atMost(WAIT).until(() -> routing.state(conversationId).map(s -> olga.equals(s.getAssignedOperatorId())).orElse(false));
      ResponseEntity<JsonNode> transferred =
          journey.call(HttpMethod.POST, "/api/conversations/" + conversationId + "/transfer", Map.of("operatorId", colleague));
      assertThat(transferred.getStatusCode().value()).as("%s", transferred.getBody()).isEqualTo(202);

      long instance = conversations.findById(conversationId).orElseThrow().getProcessInstanceKey();
      await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, instance)
          .hasPassedElementsInOrder("assign-to-starter", "transfer-requested", "give-up-for-transfer", "offer"));
      await().atMost(WAIT).until(() -> routing.offers(conversationId).stream()
          .anyMatch(o -> o.operatorId().equals(colleague) && o.status() == dev.openlines.routing.OfferStatus.OFFERED));
      engine.waitForIdleState(Duration.ofSeconds(10));
      assertThatProcess(engine, instance).hasNotPassedElement("operator-answered").isWaitingAtElements("wait-for-one");
      assertThat(routing.state(conversationId).orElseThrow().getAssignedOperatorId()).isNull();
      assertThat(routing.offers(conversationId).stream().filter(o -> o.operatorId().equals(colleague)))
          .extracting(Offer::status).containsExactly(dev.openlines.routing.OfferStatus.OFFERED);

      // The colleague answers: now it is theirs.
      OperatorJourney colleagues = new OperatorJourney(http, apiKeys, routing, conversations, colleague);
      colleagues.answer(conversationId);
      await().atMost(WAIT).until(() -> colleague.equals(routing.state(conversationId).orElseThrow().getAssignedOperatorId()));
      await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, instance)
          .hasPassedElement("operator-answered").isWaitingAtElements("conversation-closed"));
    }
  }
}
