package dev.openlines.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Request bodies are strict (a field the API does not take is refused), yet what the API shows of a
 * resource can be sent back: an admin script that reads a resource, changes one value and writes it
 * again must save, not fail on the fields that are only shown (ids, timestamps, "secret is set" flags).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadBackBodiesTest {

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;

  final String p = "rb-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void everyAdminResourceReadBackAndSentAgainIsSaved() {
    String channel = p + "-web";
    send(HttpMethod.POST, "/api/admin/departments", ApiTokens.ADMIN, Map.of("id", p + "-support", "name", "Support"));
    send(HttpMethod.POST, "/api/admin/operators", ApiTokens.ADMIN, Map.of("id", p + "-anna", "name", "Anna"));
    send(HttpMethod.POST, "/api/admin/channels", ApiTokens.ADMIN, Map.of("id", channel, "name", "Web", "timeZone", "UTC",
        "queue", Map.of("entries", List.of(Map.of("kind", "OPERATOR", "id", p + "-anna"), Map.of("kind", "DEPARTMENT", "id", p + "-support")),
            "mode", "STRICT", "idleTime", "PT2M", "limitExclusion", "CLOSED", "checkAvailability", true)));
    send(HttpMethod.POST, "/api/admin/channels/" + channel + "/connectors", ApiTokens.ADMIN,
        Map.of("id", p + "-chat", "type", "livechat", "liveChat", Map.of("consentRequired", false)));
    send(HttpMethod.POST, "/api/admin/channels/" + channel + "/connectors", ApiTokens.ADMIN,
        Map.of("id", p + "-tg", "type", "telegram", "telegram", Map.of("botToken", "123:abc", "webhookSecret", "a-secret-of-sixteen")));
    send(HttpMethod.PUT, "/api/admin/channels/" + channel + "/bot-settings", ApiTokens.ADMIN,
        Map.of("enabled", false, "webhookUrl", "https://bot.example.com/hook", "secret", "a-bot-secret-of-sixteen", "silenceTimeout", "PT5M"));
    send(HttpMethod.PUT, "/api/admin/channels/" + channel + "/operator-display", ApiTokens.ADMIN,
        Map.of("mode", "CHANNEL_ENTRIES", "entries", List.of(Map.of("operatorId", p + "-anna", "name", "ACME"))));
    send(HttpMethod.PUT, "/api/admin/channels/" + channel + "/lifecycle-settings", ApiTokens.ADMIN, Map.of("automaticActions", Map.of("greeting", "Hi")));
    String quickAnswer = send(HttpMethod.POST, "/api/channels/" + channel + "/quick-answers", ApiTokens.ADMIN,
        Map.of("title", "Delivery", "text", "Three working days")).get("id").asText();
    String anna = new ApiTokens(apiKeys).operator(p + "-anna");

    for (String path : List.of(
        "/api/admin/departments/" + p + "-support",
        "/api/admin/operators/" + p + "-anna",
        "/api/admin/channels/" + channel,
        "/api/admin/channels/" + channel + "/connectors/" + p + "-chat",
        "/api/admin/channels/" + channel + "/bot-settings",
        "/api/admin/channels/" + channel + "/operator-display",
        "/api/admin/channels/" + channel + "/client-mail",
        "/api/admin/channels/" + channel + "/quick-answer-sharing",
        "/api/admin/channels/" + channel + "/lifecycle-settings",
        "/api/channels/" + channel + "/quick-answers/" + quickAnswer)) {
      readBackAndSendAgain(path, ApiTokens.ADMIN);
    }
    readBackAndSendAgain("/api/operators/me/presence", anna);

    // Write-only secrets are never shown, so a script sends them again with what it read.
    String telegram = "/api/admin/channels/" + channel + "/connectors/" + p + "-tg";
    JsonNode shown = http.exchange(telegram, HttpMethod.GET, ApiTokens.request(ApiTokens.ADMIN), JsonNode.class).getBody();
    ((ObjectNode) shown.get("telegram")).put("botToken", "123:abc").put("webhookSecret", "a-secret-of-sixteen");
    assertThat(http.exchange(telegram, HttpMethod.PUT, ApiTokens.request(ApiTokens.ADMIN, shown), JsonNode.class).getStatusCode().value())
        .isEqualTo(200);
  }

  @Test
  void aMisspeltFieldIsStillRefusedNextToTheShownOnes() {
    send(HttpMethod.POST, "/api/admin/operators", ApiTokens.ADMIN, Map.of("id", p + "-ben", "name", "Ben"));
    JsonNode shown = http.exchange("/api/admin/operators/" + p + "-ben", HttpMethod.GET, ApiTokens.request(ApiTokens.ADMIN), JsonNode.class).getBody();
    ((ObjectNode) shown).put("nmae", "Benjamin");

    ResponseEntity<JsonNode> refused = http.exchange("/api/admin/operators/" + p + "-ben", HttpMethod.PUT, ApiTokens.request(ApiTokens.ADMIN, shown), JsonNode.class);

    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getBody().get("errors").get(0).get("field").asText()).isEqualTo("nmae");
  }

  private void readBackAndSendAgain(String path, String token) {
    ResponseEntity<JsonNode> shown = http.exchange(path, HttpMethod.GET, ApiTokens.request(token), JsonNode.class);
    assertThat(shown.getStatusCode().is2xxSuccessful()).as("GET %s: %s", path, shown.getBody()).isTrue();
    ResponseEntity<JsonNode> saved = http.exchange(path, HttpMethod.PUT, ApiTokens.request(token, shown.getBody()), JsonNode.class);
    assertThat(saved.getStatusCode().is2xxSuccessful()).as("PUT %s with its own GET body: %s", path, saved.getBody()).isTrue();
  }

  private JsonNode send(HttpMethod method, String path, String token, Object body) {
    ResponseEntity<JsonNode> response = http.exchange(path, method, ApiTokens.request(token, body), JsonNode.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as("%s %s: %s", method, path, response.getBody()).isTrue();
    return response.getBody();
  }
}
