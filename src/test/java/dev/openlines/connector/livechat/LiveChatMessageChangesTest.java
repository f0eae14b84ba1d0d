package dev.openlines.connector.livechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** An operator's edit and deletion, made over the operator API, reach the visitor's widget as stream events. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveChatMessageChangesTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;

  @Test
  @SuppressWarnings("unchecked")
  void theWidgetHearsOfAnEditAndADeletion() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String key = new ApiTokens(apiKeys).operator(olga);
    String channel = fx.channel("livechat-changes", DistributionMode.STRICT, 2, olga);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel,
        ConnectorTypes.LIVECHAT, 1000, null, new LiveChatSettings(false, null, false)));
    Map<String, Object> chat = http.postForEntity("/livechat/" + connector.id() + "/chats", Map.of("name", "Ann"), Map.class).getBody();
    String token = (String) chat.get("token");
    HttpHeaders visitor = new HttpHeaders();
    visitor.setContentType(MediaType.APPLICATION_JSON);
    visitor.set("X-LiveChat-Token", token);

    try (LiveChatClient browser = new LiveChatClient(port, token)) {
      assertThat(http.postForEntity("/livechat/messages",
          new HttpEntity<>(Map.of("clientMessageId", "c-1", "text", "Hello"), visitor), String.class).getStatusCode().value())
          .isEqualTo(202);
      String conversationId = ingestion.find(connector.id(), (String) chat.get("sessionId"), "c-1").orElseThrow().getConversationId();
      await().atMost(WAIT).until(() -> routing.offers(conversationId).stream()
          .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(olga)));
      http.exchange("/api/conversations/" + conversationId + "/answer", HttpMethod.POST, ApiTokens.request(key), String.class);
      await().atMost(WAIT).until(() -> conversations.findById(conversationId).orElseThrow().getStatus() == ConversationStatus.IN_PROGRESS);

      ResponseEntity<Map> sent = http.exchange("/api/conversations/" + conversationId + "/messages", HttpMethod.POST,
          ApiTokens.request(key, Map.of("text", "We open at 9")), Map.class);
      String messageId = (String) sent.getBody().get("id");
      await().atMost(WAIT).until(() -> browser.messageData().stream().anyMatch(data -> data.contains(messageId)));

      http.exchange("/api/conversations/" + conversationId + "/messages/" + messageId, HttpMethod.PUT,
          ApiTokens.request(key, Map.of("text", "We open at 8")), String.class);
      await().atMost(WAIT).untilAsserted(() -> assertThat(browser.data("edited"))
          .containsExactly("{\"id\":\"" + messageId + "\",\"text\":\"We open at 8\"}"));

      http.exchange("/api/conversations/" + conversationId + "/messages/" + messageId, HttpMethod.DELETE,
          ApiTokens.request(key), String.class);
      await().atMost(WAIT).untilAsserted(() -> assertThat(browser.data("deleted"))
          .containsExactly("{\"id\":\"" + messageId + "\",\"text\":null}"));
    }
  }
}
