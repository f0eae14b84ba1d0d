package dev.openlines.connector.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.AutomaticActions;
import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.QueueEntry;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.TelegramSettings;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.DeliveryStatus;
import dev.openlines.conversation.MessageAuthor;
import dev.openlines.conversation.OutboundQueue;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The Telegram Bot API goes down while clients write: conversations are still offered, answered,
 * replied to and closed through the API; every automatic text and reply is stored with its delivery
 * status and, once the Bot API is back (first answering 429 with retry_after), reaches each client
 * exactly once and in the order it was written. A client who blocked the bot gets nothing and is never
 * retried. Time travel moves the backoff; nothing sleeps.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TelegramOutageTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String SECRET = "outage-secret-123";
  static final List<String> CLIENT_A_GETS =
      List.of("We store this chat.", "Hello!", "Sure, which tariff?", "Goodbye.", "How did we do?");

  @Autowired TestRestTemplate http;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired ChannelLifecycleSettingsService lifecycle;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationMessageStore messages;
  @Autowired OutboundQueue queue;
  @Autowired ApiKeyService apiKeys;
  @Autowired MongoTemplate mongo;
  @Autowired ZeebeTestEngine engine;
  @Autowired java.time.Clock clock;

  @Test
  void whileTheBotApiIsDownConversationsAreServedAndEveryTextGoesOutOnceInOrderWhenItIsBack() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel("telegram-outage", DistributionMode.STRICT, 5, LimitExclusion.CLOSED, List.of(QueueEntry.operator(olga)));
    lifecycle.save(new ChannelLifecycleSettings(channel, null,
        new AutomaticActions("Hello!", "We store this chat.", "", "", "Goodbye.", "How did we do?"), null));
    String olgaKey = new ApiTokens(apiKeys).operator(olga);

    try (FakeTelegramBotApi telegram = new FakeTelegramBotApi()) {
      ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 1000,
          new TelegramSettings("7000002:AAH-outage", SECRET, telegram.baseUrl()), null));
      telegram.down();
      String chatA = "3000001";
      String chatB = "3000002";
      String blocked = "3000003";
      telegram.blockedBy(blocked);

      String a = clientWrites(connector, chatA, 1, "I want to change my tariff");
      String b = clientWrites(connector, chatB, 2, "Hello?");
      String c = clientWrites(connector, blocked, 3, "Anyone?");

      // Down: still offered, answered, replied to and closed.
      for (String conversation : List.of(a, b, c)) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(routing.offers(conversation))
            .extracting(Offer::operatorId, Offer::status).contains(org.assertj.core.groups.Tuple.tuple(olga, OfferStatus.OFFERED)));
        assertThat(call(HttpMethod.POST, "/api/conversations/" + conversation + "/answer", olgaKey, null).getStatusCode().is2xxSuccessful())
            .isTrue();
      }
      ResponseEntity<JsonNode> reply =
          call(HttpMethod.POST, "/api/conversations/" + a + "/messages", olgaKey, Map.of("text", "Sure, which tariff?"));
      assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      assertThat(reply.getBody().get("delivery").asText()).isIn("PENDING", "RETRYING");
      assertThat(call(HttpMethod.POST, "/api/conversations/" + a + "/close", olgaKey, null).getStatusCode().is2xxSuccessful()).isTrue();
      await().atMost(WAIT).until(() -> outgoing(a).size() == CLIENT_A_GETS.size());
      assertThat(telegram.droppedCalls()).isPositive();

      // The operator sees every text with its delivery status; nothing is delivered yet.
      JsonNode history = call(HttpMethod.GET, "/api/conversations/" + a + "/messages", olgaKey, null).getBody();
      assertThat(history.findValuesAsText("delivery")).doesNotContain("DELIVERED", "REFUSED").contains("RETRYING");
      assertThat(conversations.findById(a).orElseThrow().getLastDeliveryFailure().reason())
          .startsWith("Telegram Bot API unreachable: ").doesNotContain("http").doesNotContain("/bot")
          .doesNotContain("7000002");
      // Back; client A's first call is answered 429 with retry_after 30: A waits those 30 s, B does not.
      telegram.up();
      telegram.answerNextFor(chatA, 429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 30\","
          + "\"parameters\":{\"retry_after\":30}}");
      engine.increaseTime(Duration.ofSeconds(61));
      await().atMost(WAIT).until(() -> allDelivered(b));
      await().atMost(WAIT).untilAsserted(() -> assertThat(outgoing(a).getFirst()).satisfies(first -> {
        assertThat(first.getDelivery()).isEqualTo(DeliveryStatus.RETRYING);
        assertThat(first.getDeliveryError()).contains("Too Many Requests");
      }));
      assertThat(Duration.between(clockNow(), outgoing(a).getFirst().getNextDeliveryAttemptAt()))
          .isGreaterThan(Duration.ofSeconds(20)).isLessThanOrEqualTo(Duration.ofSeconds(30));
      assertThat(telegram.acceptedTexts(chatA)).isEmpty();

      engine.increaseTime(Duration.ofSeconds(31));
      await().atMost(WAIT).until(() -> allDelivered(a));

      assertThat(telegram.acceptedTexts(chatA)).as("each text once, in the order written").containsExactlyElementsOf(CLIENT_A_GETS);
      assertThat(telegram.acceptedTexts(chatB)).containsExactly("We store this chat.", "Hello!");
      assertThat(outgoing(a)).extracting(ConversationMessage::getText).containsExactlyElementsOf(CLIENT_A_GETS);
      assertThat(conversations.findById(a).orElseThrow().getLastDeliveryFailure()).isNull();

      // Blocked: refused, recorded, never retried.
      await().atMost(WAIT).untilAsserted(() -> assertThat(outgoing(c)).isNotEmpty()
          .allSatisfy(message -> {
            assertThat(message.getDelivery()).isEqualTo(DeliveryStatus.REFUSED);
            assertThat(message.getDeliveryError()).contains("bot was blocked by the user");
          }));
      long blockedCalls = telegram.callsFor(blocked);
      engine.increaseTime(Duration.ofMinutes(10));
      await().atMost(WAIT).until(() -> !queue.hasWaiting(a) && !queue.hasWaiting(b) && !queue.hasWaiting(c));
      assertThat(telegram.callsFor(blocked)).isEqualTo(blockedCalls).isEqualTo(outgoing(c).size());
      assertThat(telegram.acceptedTexts(chatA)).hasSize(CLIENT_A_GETS.size());
    }
  }

  java.time.Instant clockNow() {
    return clock.instant();
  }

  boolean allDelivered(String conversationId) {
    List<ConversationMessage> sent = outgoing(conversationId);
    return !sent.isEmpty() && sent.stream().allMatch(message -> message.getDelivery() == DeliveryStatus.DELIVERED);
  }

  List<ConversationMessage> outgoing(String conversationId) {
    return messages.history(conversationId).stream().filter(message -> message.getAuthor() != MessageAuthor.CLIENT).toList();
  }

  String clientWrites(ConnectorSettings connector, String chatId, long messageId, String text) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Telegram-Bot-Api-Secret-Token", SECRET);
    String update = TelegramWebhookTest.textUpdate(90000 + messageId, messageId, text).replace("1111111", chatId);
    assertThat(http.postForEntity("/webhooks/telegram/" + connector.id(), new HttpEntity<>(update, headers), String.class)
        .getStatusCode().value()).isEqualTo(200);
    String conversationId = ingestion.find(connector.id(), chatId, chatId + ":" + messageId).orElseThrow().getConversationId();
    await().atMost(WAIT).until(() -> conversations.findById(conversationId).orElseThrow().getProcessInstanceKey(), Objects::nonNull);
    return conversationId;
  }

  ResponseEntity<JsonNode> call(HttpMethod method, String path, String token, Object body) {
    return http.exchange(path, method, ApiTokens.request(token, body), JsonNode.class);
  }
}
