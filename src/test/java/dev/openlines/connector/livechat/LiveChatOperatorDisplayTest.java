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
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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

/**
 * The channel's "operator information shown to the client": the visitor's widget gets the operator's own
 * name and photo, the channel's entry for the operator, or neither, as the admin sets it over the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveChatOperatorDisplayTest {

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
  @Autowired ObjectMapper json;

  ResponseEntity<String> admin(HttpMethod method, String path, Object body) {
    return http.exchange(path, method, ApiTokens.request(ApiTokens.ADMIN, body), String.class);
  }

  @Test
  void theWidgetShowsTheOperatorAsTheChannelSays() throws Exception {
    String anna = "anna-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(admin(HttpMethod.POST, "/api/admin/operators",
        Map.of("id", anna, "name", "Anna Schmidt", "photoUrl", "https://cdn.example.com/anna.png")).getStatusCode().value())
        .isEqualTo(201);
    operators.changePresence(anna, Presence.ONLINE);
    String key = new ApiTokens(apiKeys).operator(anna);
    String channel = new RoutingFixtures(channels, operators, mongo).channel("operator-display", DistributionMode.STRICT, 2, anna);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel,
        ConnectorTypes.LIVECHAT, 1000, null, new LiveChatSettings(false, null, false)));
    @SuppressWarnings("unchecked")
    Map<String, Object> chat = http.postForEntity("/livechat/" + connector.id() + "/chats", Map.of("name", "Ann"), Map.class).getBody();
    String token = (String) chat.get("token");
    HttpHeaders visitor = new HttpHeaders();
    visitor.setContentType(MediaType.APPLICATION_JSON);
    visitor.set("X-LiveChat-Token", token);

    try (LiveChatClient browser = new LiveChatClient(port, token)) {
      http.postForEntity("/livechat/messages", new HttpEntity<>(Map.of("clientMessageId", "c-1", "text", "Hello"), visitor), String.class);
      String conversationId = ingestion.find(connector.id(), (String) chat.get("sessionId"), "c-1").orElseThrow().getConversationId();
      await().atMost(WAIT).until(() -> routing.offers(conversationId).stream()
          .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(anna)));
      http.exchange("/api/conversations/" + conversationId + "/answer", HttpMethod.POST, ApiTokens.request(key), String.class);
      await().atMost(WAIT).until(() -> conversations.findById(conversationId).orElseThrow().getStatus() == ConversationStatus.IN_PROGRESS);

      // Never configured: the operator's own profile.
      JsonNode own = annaWrites(browser, key, conversationId, "First");
      assertThat(own.get("operatorName").asText()).isEqualTo("Anna Schmidt");
      assertThat(own.get("operatorPhotoUrl").asText()).isEqualTo("https://cdn.example.com/anna.png");

      String path = "/api/admin/channels/" + channel + "/operator-display";
      assertThat(admin(HttpMethod.PUT, path, Map.of("mode", "CHANNEL_ENTRIES",
          "entries", java.util.List.of(Map.of("operatorId", anna, "name", "ACME Support", "photoUrl", "https://cdn.example.com/logo.png"))))
          .getStatusCode().value()).isEqualTo(200);
      JsonNode entry = annaWrites(browser, key, conversationId, "Second");
      assertThat(entry.get("operatorName").asText()).isEqualTo("ACME Support");
      assertThat(entry.get("operatorPhotoUrl").asText()).isEqualTo("https://cdn.example.com/logo.png");

      assertThat(admin(HttpMethod.PUT, path, Map.of("mode", "HIDDEN")).getStatusCode().value()).isEqualTo(200);
      JsonNode hidden = annaWrites(browser, key, conversationId, "Third");
      assertThat(hidden.get("operatorName").isNull()).isTrue();
      assertThat(hidden.get("operatorPhotoUrl").isNull()).isTrue();
    }
  }

  @Test
  void aBadSettingIsRefusedOnSaveAndNothingChanges() {
    String channel = new RoutingFixtures(channels, operators, mongo).channel("operator-display-bad", DistributionMode.STRICT, 2, "nobody");
    String path = "/api/admin/channels/" + channel + "/operator-display";

    ResponseEntity<String> refused = admin(HttpMethod.PUT, path, Map.of("mode", "HIDDEN",
        "entries", java.util.List.of(Map.of("operatorId", "anna", "name", "", "photoUrl", "ftp://cdn.example.com/x.png"))));

    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getBody()).contains("entries are used with mode CHANNEL_ENTRIES only")
        .contains("give the name clients see").contains("a photo is an http or https URL");
    assertThat(admin(HttpMethod.GET, path, null).getBody()).contains("\"mode\":\"OWN_PROFILE\"");
    assertThat(admin(HttpMethod.PUT, "/api/admin/channels/no-such-channel/operator-display", Map.of("mode", "HIDDEN"))
        .getStatusCode().value()).isEqualTo(404);
  }

  /** connectors.md: an entry stands for one operator; one who does not exist is refused, naming the entry. */
  @Test
  void anEntryForAnUnknownOperatorIsRefusedNamingTheEntryAndNothingIsSaved() throws Exception {
    String anna = "anna-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(admin(HttpMethod.POST, "/api/admin/operators", Map.of("id", anna, "name", "Anna")).getStatusCode().value())
        .isEqualTo(201);
    String channel = new RoutingFixtures(channels, operators, mongo).channel("operator-display-ghost", DistributionMode.STRICT, 2, anna);
    String path = "/api/admin/channels/" + channel + "/operator-display";
    String ghost = "nobody-" + UUID.randomUUID().toString().substring(0, 8);

    ResponseEntity<String> refused = admin(HttpMethod.PUT, path, Map.of("mode", "CHANNEL_ENTRIES", "entries", java.util.List.of(
        Map.of("operatorId", anna, "name", "ACME Support"), Map.of("operatorId", ghost, "name", "Ghost"))));

    assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(400);
    assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode errors = json.readTree(refused.getBody()).get("errors");
    assertThat(errors.findValuesAsText("field")).containsExactly("entries[1].operatorId");
    assertThat(errors.get(0).get("message").asText()).contains(ghost);
    assertThat(admin(HttpMethod.GET, path, null).getBody()).contains("\"mode\":\"OWN_PROFILE\"");
  }

  /** anna writes through the operator API; the message event the visitor's stream got for it. */
  JsonNode annaWrites(LiveChatClient browser, String key, String conversationId, String text) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> sent = http.exchange("/api/conversations/" + conversationId + "/messages", HttpMethod.POST,
        ApiTokens.request(key, Map.of("text", text)), Map.class).getBody();
    String id = (String) sent.get("id");
    String data = await().atMost(WAIT).until(
        () -> browser.messageData().stream().filter(line -> line.contains(id)).findFirst().orElse(null), line -> line != null);
    return json.readTree(data);
  }
}
