package dev.openlines.connector.telegram;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.TelegramSettings;
import dev.openlines.conversation.ClientRating;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The client's rating in Telegram, from the webhook to the process: the channel's Telegram rating request
 * goes out with like/dislike buttons after the operator closes the conversation over the API; the client's
 * press (a callback_query update) is the conversation's rating, is answered, and takes the buttons away.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TelegramRatingTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final String SECRET = "rating-secret-0123456789";

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

  ResponseEntity<String> deliver(ConnectorSettings connector, String update) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Telegram-Bot-Api-Secret-Token", SECRET);
    return http.postForEntity("/webhooks/telegram/" + connector.id(), new HttpEntity<>(update, headers), String.class);
  }

  static String buttonPress(long updateId, String callbackId, long chatId, long messageId, String data) {
    return """
        {"update_id": %d,
         "callback_query": {"id": "%s", "chat_instance": "42",
           "from": {"id": %d, "is_bot": false, "first_name": "Test"},
           "message": {"message_id": %d, "date": 1441645532, "chat": {"id": %d, "type": "private"}, "text": "Rate us"},
           "data": "%s"}}
        """.formatted(updateId, callbackId, chatId, messageId, chatId, data);
  }

  String adminCreatesChannel(String operatorId, Map<String, Object> closing) {
    String id = "tg-rating-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> channel = Map.of("id", id, "name", "Telegram rating", "timeZone", "Europe/Berlin",
        "queue", Map.of("entries", List.of(Map.of("kind", "OPERATOR", "id", operatorId)), "mode", "STRICT",
            "idleTime", "PT2M", "limitExclusion", "CLOSED"),
        "closing", closing);
    ResponseEntity<String> created = http.exchange("/api/admin/channels", HttpMethod.POST,
        ApiTokens.request(ApiTokens.ADMIN, channel), String.class);
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    return id;
  }

  void operatorDoes(String key, String conversationId, String action) {
    ResponseEntity<String> response = http.exchange("/api/conversations/" + conversationId + "/" + action, HttpMethod.POST,
        ApiTokens.request(key), String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(action + ": " + response.getBody()).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theRatingRequestHasLikeAndDislikeButtonsAndAPressRatesTheConversation() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String olgasKey = new ApiTokens(apiKeys).operator(olga);
    String channel = adminCreatesChannel(olga, Map.of("ratingWait", "PT10M", "closeOnRating", true,
        "ratingRequests", Map.of("telegram", "How did we do? Tap a button.")));
    long chat = 2_000_000L + (long) (Math.random() * 1_000_000);
    try (FakeTelegramBotApi telegram = new FakeTelegramBotApi()) {
      String token = "7000002:AAH-rating";
      ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 1000,
          new TelegramSettings(token, SECRET, telegram.baseUrl()), null));
      String update = TelegramWebhookTest.textUpdate(30000, 601, "My parcel is lost").replace("1111111", String.valueOf(chat));
      assertThat(deliver(connector, update).getStatusCode().value()).isEqualTo(200);
      String conversationId = ingestion.find(connector.id(), String.valueOf(chat), chat + ":601").orElseThrow().getConversationId();
      await().atMost(WAIT).until(() -> routing.offers(conversationId).stream()
          .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(olga)));
      operatorDoes(olgasKey, conversationId, "answer");
      await().atMost(WAIT).until(() -> conversations.findById(conversationId).orElseThrow().getStatus() == ConversationStatus.IN_PROGRESS);
      operatorDoes(olgasKey, conversationId, "close");

      // The Telegram text of the channel, with the two buttons.
      await().atMost(WAIT).until(() -> !telegram.accepted("sendMessage").isEmpty());
      FakeTelegramBotApi.Call request = telegram.accepted("sendMessage").getFirst();
      assertThat(request.body()).containsEntry("chat_id", String.valueOf(chat)).containsEntry("text", "How did we do? Tap a button.");
      Map<String, Object> markup = (Map<String, Object>) request.body().get("reply_markup");
      assertThat((List<List<Map<String, Object>>>) markup.get("inline_keyboard")).singleElement()
          .satisfies(row -> assertThat(row).extracting(button -> button.get("callback_data"))
              .containsExactly("rate:" + conversationId + ":LIKE", "rate:" + conversationId + ":DISLIKE"));
      long process = Objects.requireNonNull(conversations.findById(conversationId).orElseThrow().getProcessInstanceKey());
      await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, process).isWaitingAtElements("rating-wait"));

      // A press for this conversation from another chat is no rating of it.
      assertThat(deliver(connector, buttonPress(30001, "cb-other", chat + 1, 101, "rate:" + conversationId + ":DISLIKE"))
          .getStatusCode().value()).isEqualTo(200);
      assertThat(conversations.findById(conversationId).orElseThrow().getClientRating()).isNull();

      // The client presses "like" under the rating request.
      assertThat(deliver(connector, buttonPress(30002, "cb-like", chat, 101, "rate:" + conversationId + ":LIKE"))
          .getStatusCode().value()).isEqualTo(200);

      Conversation rated = conversations.findById(conversationId).orElseThrow();
      assertThat(rated.getClientRating()).isEqualTo(ClientRating.LIKE);
      assertThat(telegram.accepted("answerCallbackQuery")).extracting(call -> call.body().get("callback_query_id"))
          .containsExactly("cb-other", "cb-like");
      assertThat(telegram.accepted("editMessageReplyMarkup")).singleElement().satisfies(call -> assertThat(call.body())
          .containsEntry("chat_id", String.valueOf(chat)).containsEntry("message_id", 101)
          .containsEntry("reply_markup", Map.of("inline_keyboard", List.of())));
      // "Close on rating": the rating ends the wait and the process.
      await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, process)
          .hasPassedElementsInOrder("client-rated", "close-on-rating").isCompleted());
    }
  }

  @Test
  void aRatingRequestTextForAnUnknownConnectorTypeOrWithoutTextIsRefusedOnSave() {
    String id = "tg-rating-bad-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> channel = Map.of("id", id, "name", "Bad rating texts", "timeZone", "Europe/Berlin",
        "queue", Map.of("entries", List.of(Map.of("kind", "OPERATOR", "id", "nobody")), "mode", "STRICT",
            "idleTime", "PT2M", "limitExclusion", "CLOSED"),
        "closing", Map.of("ratingWait", "PT5M", "ratingRequests", Map.of("fax", "Rate us", "telegram", " ")));
    ResponseEntity<String> refused = http.exchange("/api/admin/channels", HttpMethod.POST,
        ApiTokens.request(ApiTokens.ADMIN, channel), String.class);

    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getBody()).contains("a connector type is one of telegram|livechat")
        .contains("give a text, or leave the connector type out");
    assertThat(http.exchange("/api/admin/channels/" + id, HttpMethod.GET, ApiTokens.request(ApiTokens.ADMIN), String.class)
        .getStatusCode().value()).isEqualTo(404);
  }
}
