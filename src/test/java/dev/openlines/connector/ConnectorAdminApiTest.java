package dev.openlines.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConnectorAdminApiTest {

  static final String BOT_TOKEN = "123456:ABC-secret-token";
  static final String WEBHOOK_SECRET = "webhook-secret-0123456789";

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ConnectorSettingsService connectors;

  String channelId = "ch-" + UUID.randomUUID().toString().substring(0, 8);
  String path = "/api/admin/channels/" + channelId + "/connectors";

  @BeforeEach
  void openChannel() {
    Map<String, Object> channel = Map.of(
        "id", channelId,
        "name", "Support",
        "timeZone", "Europe/Berlin",
        "queue", Map.of(
            "entries", List.of(Map.of("kind", "OPERATOR", "id", "anna")),
            "mode", "STRICT",
            "idleTime", "PT2M",
            "chatLimit", 3,
            "limitExclusion", "CLOSED",
            "checkAvailability", true));
    new dev.openlines.testing.AdminApi(http).ensureOperators(channel);
    assertThat(call(HttpMethod.POST, "/api/admin/channels", ApiTokens.ADMIN, channel).getStatusCode()).isEqualTo(HttpStatus.CREATED);
  }

  ResponseEntity<JsonNode> call(HttpMethod method, String url, String token, Object body) {
    HttpEntity<?> entity = token == null ? ApiTokens.anonymous(body) : ApiTokens.request(token, body);
    return http.exchange(url, method, entity, JsonNode.class);
  }

  static Map<String, Object> telegram(String botToken, String webhookSecret) {
    Map<String, Object> telegram = new HashMap<>();
    telegram.put("botToken", botToken);
    telegram.put("webhookSecret", webhookSecret);
    return Map.of("type", "telegram", "telegram", telegram);
  }

  static Map<String, Object> liveChat(String id) {
    return Map.of("id", id, "type", "livechat", "liveChat", Map.of("consentRequired", false));
  }

  @Test
  void anAdminAddsReadsReplacesAndRemovesConnectorsWithoutSeeingSecrets() {
    ResponseEntity<JsonNode> created = call(HttpMethod.POST, path, ApiTokens.ADMIN, telegram(BOT_TOKEN, WEBHOOK_SECRET));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String id = created.getBody().get("id").asText();
    assertThat(created.getHeaders().getLocation()).hasToString(path + "/" + id);
    assertThat(created.getBody().at("/telegram/botTokenSet").asBoolean()).isTrue();
    assertThat(created.getBody().at("/clientAddress").asText()).isEqualTo("/webhooks/telegram/" + id);
    assertThat(created.getBody().toString()).doesNotContain(BOT_TOKEN).doesNotContain(WEBHOOK_SECRET);
    assertThat(connectors.find(id).orElseThrow().telegram().botToken()).isEqualTo(BOT_TOKEN);

    String chatId = "chat-" + UUID.randomUUID().toString().substring(0, 8);
    ResponseEntity<JsonNode> chat = call(HttpMethod.POST, path, ApiTokens.ADMIN, liveChat(chatId));
    assertThat(chat.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(chat.getBody().at("/clientAddress").asText()).isEqualTo("/livechat/" + chatId + "/chats");

    ResponseEntity<JsonNode> listed = call(HttpMethod.GET, path, ApiTokens.ADMIN, null);
    assertThat(listed.getBody().findValuesAsText("id")).containsExactlyInAnyOrder(id, chatId);
    assertThat(listed.getBody().toString()).doesNotContain(BOT_TOKEN).doesNotContain(WEBHOOK_SECRET);
    assertThat(call(HttpMethod.GET, path + "/" + id, ApiTokens.ADMIN, null).getBody().toString()).doesNotContain(BOT_TOKEN);

    ResponseEntity<JsonNode> replaced = call(HttpMethod.PUT, path + "/" + id, ApiTokens.ADMIN, telegram("999:NEW-token", WEBHOOK_SECRET));
    assertThat(replaced.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(connectors.find(id).orElseThrow().telegram().botToken()).isEqualTo("999:NEW-token");

    assertThat(call(HttpMethod.DELETE, path + "/" + id, ApiTokens.ADMIN, null).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(connectors.find(id)).isEmpty();
    assertThat(call(HttpMethod.GET, path + "/" + id, ApiTokens.ADMIN, null).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aSecondConnectorOfOneTypeOnAChannelIsAConflict() {
    call(HttpMethod.POST, path, ApiTokens.ADMIN, liveChat("first-" + channelId));

    ResponseEntity<JsonNode> second = call(HttpMethod.POST, path, ApiTokens.ADMIN, liveChat("second-" + channelId));

    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(connectors.find("second-" + channelId)).isEmpty();
  }

  @Test
  void invalidSettingsAreNamedAndNothingChanges() {
    ResponseEntity<JsonNode> bad = call(HttpMethod.POST, path, ApiTokens.ADMIN, telegram("not-a-token", "short"));

    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().get("errors").findValuesAsText("field")).contains("telegram.botToken", "telegram.webhookSecret");
    assertThat(bad.getBody().toString()).doesNotContain("not-a-token");
    assertThat(connectors.findByChannel(channelId)).isEmpty();

    ResponseEntity<JsonNode> noSettings = call(HttpMethod.POST, path, ApiTokens.ADMIN, Map.of("type", "livechat"));
    assertThat(noSettings.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noSettings.getBody().get("errors").findValuesAsText("field")).contains("liveChat");
    assertThat(call(HttpMethod.POST, path, ApiTokens.ADMIN, Map.of("type", "fax")).getBody().get("errors").findValuesAsText("field"))
        .contains("type");

    String id = call(HttpMethod.POST, path, ApiTokens.ADMIN, telegram(BOT_TOKEN, WEBHOOK_SECRET)).getBody().get("id").asText();
    ResponseEntity<JsonNode> badChange = call(HttpMethod.PUT, path + "/" + id, ApiTokens.ADMIN, telegram(BOT_TOKEN, "bad secret!"));
    assertThat(badChange.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(connectors.find(id).orElseThrow().telegram().webhookSecret()).isEqualTo(WEBHOOK_SECRET);
  }

  @Test
  void connectorsNeedAnExistingChannelAndTheirOwnChannelInThePath() {
    ResponseEntity<JsonNode> missing =
        call(HttpMethod.POST, "/api/admin/channels/no-such-channel/connectors", ApiTokens.ADMIN, liveChat("x-" + channelId));
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(connectors.find("x-" + channelId)).isEmpty();

    String id = call(HttpMethod.POST, path, ApiTokens.ADMIN, liveChat("y-" + channelId)).getBody().get("id").asText();
    assertThat(call(HttpMethod.GET, "/api/admin/channels/no-such-channel/connectors/" + id, ApiTokens.ADMIN, null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(call(HttpMethod.DELETE, path + "/unknown", ApiTokens.ADMIN, null).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void onlyAdminsManageConnectors() {
    ApiTokens tokens = new ApiTokens(apiKeys);
    assertThat(call(HttpMethod.POST, path, null, liveChat("z-" + channelId)).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(call(HttpMethod.POST, path, tokens.supervisor(), liveChat("z-" + channelId)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(HttpMethod.GET, path, tokens.operator("op-x"), null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(connectors.find("z-" + channelId)).isEmpty();
  }
}
