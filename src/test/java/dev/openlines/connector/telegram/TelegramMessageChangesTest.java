package dev.openlines.connector.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.TelegramSettings;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.time.Duration;
import java.util.Map;
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
 * An operator's edit and deletion of their own message, made over the operator API, change the client's
 * copy in Telegram (editMessageText / deleteMessage on the message id Telegram gave it), the deletion
 * through the outbound queue's retry while the Bot API is unreachable.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TelegramMessageChangesTest {

  static final Duration WAIT = Duration.ofSeconds(90);
  static final String SECRET = "changes-secret-0123456789";

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationMessageStore messages;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;

  @Test
  @SuppressWarnings("unchecked")
  void anEditAndADeletionReachTheClientsTelegramChat() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String key = new ApiTokens(apiKeys).operator(olga);
    String channel = fx.channel("telegram-changes", DistributionMode.STRICT, 2, olga);
    String chat = String.valueOf(3_000_000L + (long) (Math.random() * 1_000_000));
    try (FakeTelegramBotApi telegram = new FakeTelegramBotApi()) {
      ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 1000,
          new TelegramSettings("7000003:AAH-changes", SECRET, telegram.baseUrl()), null));
      HttpHeaders webhook = new HttpHeaders();
      webhook.setContentType(MediaType.APPLICATION_JSON);
      webhook.set("X-Telegram-Bot-Api-Secret-Token", SECRET);
      String update = TelegramWebhookTest.textUpdate(40000, 701, "Where is my parcel?").replace("1111111", chat);
      assertThat(http.postForEntity("/webhooks/telegram/" + connector.id(), new HttpEntity<>(update, webhook), String.class)
          .getStatusCode().value()).isEqualTo(200);
      String conversationId = ingestion.find(connector.id(), chat, chat + ":701").orElseThrow().getConversationId();
      await().atMost(WAIT).until(() -> routing.offers(conversationId).stream()
          .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(olga)));
      assertThat(http.exchange("/api/conversations/" + conversationId + "/answer", HttpMethod.POST, ApiTokens.request(key),
          String.class).getStatusCode().is2xxSuccessful()).isTrue();
      await().atMost(WAIT).until(() -> conversations.findById(conversationId).orElseThrow().getStatus() == ConversationStatus.IN_PROGRESS);

      ResponseEntity<Map> sent = http.exchange("/api/conversations/" + conversationId + "/messages", HttpMethod.POST,
          ApiTokens.request(key, Map.of("text", "Your parcel is in Berlin")), Map.class);
      assertThat(sent.getStatusCode().value()).isEqualTo(201);
      String messageId = (String) sent.getBody().get("id");
      long telegramId = telegram.sentMessageIds(chat).getLast();

      ResponseEntity<String> edited = http.exchange("/api/conversations/" + conversationId + "/messages/" + messageId,
          HttpMethod.PUT, ApiTokens.request(key, Map.of("text", "Your parcel is in Hamburg")), String.class);
      assertThat(edited.getStatusCode().value()).as(edited.getBody()).isEqualTo(200);
      assertThat(telegram.accepted("editMessageText")).singleElement().satisfies(call -> assertThat(call.body())
          .containsEntry("chat_id", chat).containsEntry("message_id", (int) telegramId)
          .containsEntry("text", "Your parcel is in Hamburg"));

      // The Bot API is unreachable when the operator deletes the message: stored at once, passed on by the retry.
      telegram.down();
      ResponseEntity<String> deleted = http.exchange("/api/conversations/" + conversationId + "/messages/" + messageId,
          HttpMethod.DELETE, ApiTokens.request(key), String.class);
      assertThat(deleted.getStatusCode().value()).isEqualTo(204);
      assertThat(messages.find(messageId).orElseThrow().getDeletedAt()).isNotNull();
      await().atMost(WAIT).until(() -> telegram.droppedCalls() >= 1);
      assertThat(telegram.accepted("deleteMessage")).isEmpty();
      telegram.up();

      await().atMost(WAIT).untilAsserted(() -> assertThat(telegram.accepted("deleteMessage")).singleElement()
          .satisfies(call -> assertThat(call.body()).containsEntry("chat_id", chat).containsEntry("message_id", (int) telegramId)));
    }
  }
}
