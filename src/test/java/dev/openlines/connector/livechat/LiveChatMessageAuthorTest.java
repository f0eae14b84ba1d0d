package dev.openlines.connector.livechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.MessageSendingService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingFixtures;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The visitor's event stream tells the operator's, the chat bot's and OpenLines' own messages apart. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveChatMessageAuthorTest {

  static final Duration WAIT = Duration.ofSeconds(15);

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ConversationRepository conversations;
  @Autowired MessageSendingService sending;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  @Autowired ObjectMapper json;
  @Autowired Clock clock;

  @Test
  @SuppressWarnings("unchecked")
  void eachMessageOnTheStreamSaysWhoWroteItAndOperatorMessagesSayTheOperatorsName() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String rita = fx.operator("Rita");
    String channel = fx.channel("livechat-authors", DistributionMode.STRICT, 2, rita);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel,
        ConnectorTypes.LIVECHAT, 1000, null, new LiveChatSettings(false, null, false)));
    Map<String, Object> chat = http.postForEntity("/livechat/" + connector.id() + "/chats", Map.of("name", "Ann"), Map.class).getBody();
    String token = (String) chat.get("token");
    String conversationId = "conv-" + UUID.randomUUID();
    Conversation conversation = conversations.save(new Conversation(conversationId, channel, ConnectorTypes.LIVECHAT, connector.id(),
        (String) chat.get("sessionId"), clock.instant()));

    // Sent while no stream is open: kept and replayed on connect, with its author.
    sending.sendSystemMessage(conversation, conversationId + ":greeting", "Hello! An operator will be with you shortly.");
    try (LiveChatClient browser = new LiveChatClient(port, token)) {
      await().atMost(WAIT).until(() -> browser.messageData().size() == 1);
      sending.sendBotMessage(conversation, conversationId + ":bot:1", "I am the assistant. What is your order number?");
      await().atMost(WAIT).until(() -> browser.messageData().size() == 2);
      sending.sendOperatorMessage(conversation, rita, conversationId + ":op:1", "Hi Ann, Rita here.");
      await().atMost(WAIT).until(() -> browser.messageData().size() == 3);

      List<JsonNode> events = browser.messageData().stream().map(this::parse).toList();
      assertThat(events).extracting(e -> e.get("text").asText(), e -> e.get("author").asText(), e -> e.path("operatorName").asText(null))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("Hello! An operator will be with you shortly.", "SYSTEM", null),
              org.assertj.core.groups.Tuple.tuple("I am the assistant. What is your order number?", "BOT", null),
              org.assertj.core.groups.Tuple.tuple("Hi Ann, Rita here.", "OPERATOR", "Rita"));
    }
  }

  private JsonNode parse(String data) {
    try {
      return json.readTree(data);
    } catch (Exception e) {
      throw new IllegalStateException(data, e);
    }
  }
}
