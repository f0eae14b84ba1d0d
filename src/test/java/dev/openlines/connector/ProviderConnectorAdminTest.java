package dev.openlines.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.testing.ApiTokens;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** The admin API for the WhatsApp, Meta and e-mail connectors: validated on save, secrets never returned. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProviderConnectorAdminTest {

  @Autowired TestRestTemplate http;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;

  ResponseEntity<JsonNode> create(String channel, Map<String, Object> request) {
    return http.exchange("/api/admin/channels/" + channel + "/connectors", HttpMethod.POST, ApiTokens.request(ApiTokens.ADMIN, request),
        JsonNode.class);
  }

  String channel(String name) {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    return fx.channel(name, DistributionMode.STRICT, 1, fx.operator("admin-test"));
  }

  @Test
  void secretsAreWriteOnlyAndTheWebhookToRegisterIsNamed() {
    String channel = channel("admin-providers");
    ResponseEntity<JsonNode> whatsApp = create(channel, Map.of("type", "whatsapp", "whatsApp", Map.of(
        "phoneNumberId", "106540352242922", "accessToken", "EAAJB-secret-token-0123456789",
        "appSecret", "app-secret-0123456789abcdef", "verifyToken", "verify-token-0123456789")));
    ResponseEntity<JsonNode> email = create(channel, Map.of("type", "email", "email", Map.of(
        "address", "support@example.com", "imapHost", "imap.example.com", "imapPort", 993, "imapSecurity", "TLS",
        "smtpHost", "smtp.example.com", "smtpPort", 587, "smtpSecurity", "STARTTLS", "username", "support@example.com",
        "password", "mail-password-secret")));
    ResponseEntity<JsonNode> messenger = create(channel, Map.of("type", "messenger", "meta", Map.of(
        "pageId", "104593412345678", "accessToken", "EAAG-page-secret-0123456789", "appSecret", "app-secret-0123456789abcdef",
        "verifyToken", "verify-token-0123456789")));

    assertThat(whatsApp.getStatusCode().value()).isEqualTo(201);
    assertThat(whatsApp.getBody().path("whatsApp").path("accessTokenSet").asBoolean()).isTrue();
    assertThat(whatsApp.getBody().path("whatsApp").path("appSecretSet").asBoolean()).isTrue();
    assertThat(whatsApp.getBody().path("clientAddress").asText()).isEqualTo("/webhooks/whatsapp/" + whatsApp.getBody().path("id").asText());
    assertThat(email.getStatusCode().value()).isEqualTo(201);
    assertThat(email.getBody().path("email").path("passwordSet").asBoolean()).isTrue();
    assertThat(messenger.getBody().path("meta").path("verifyTokenSet").asBoolean()).isTrue();
    JsonNode listed = http.exchange("/api/admin/channels/" + channel + "/connectors", HttpMethod.GET,
        ApiTokens.request(ApiTokens.ADMIN), JsonNode.class).getBody();
    assertThat(listed.toString()).doesNotContain("secret-token").doesNotContain("app-secret").doesNotContain("verify-token")
        .doesNotContain("mail-password").doesNotContain("page-secret");

    http.exchange("/api/admin/channels/" + channel + "/connectors/" + email.getBody().path("id").asText(), HttpMethod.DELETE,
        ApiTokens.request(ApiTokens.ADMIN), Void.class);
  }

  @Test
  void incompleteOrInvalidSettingsAreA400ThatNamesTheField() {
    String channel = channel("admin-invalid");
    ResponseEntity<JsonNode> missingBlock = create(channel, Map.of("type", "whatsapp"));
    ResponseEntity<JsonNode> badAddress = create(channel, Map.of("type", "email", "email", Map.of(
        "address", "not-an-address", "imapHost", "imap.example.com", "imapPort", 993, "imapSecurity", "TLS",
        "smtpHost", "smtp.example.com", "smtpPort", 587, "smtpSecurity", "STARTTLS", "username", "u", "password", "p",
        "pollInterval", "PT1S")));

    assertThat(missingBlock.getStatusCode().value()).isEqualTo(400);
    assertThat(missingBlock.getBody().path("detail").asText()).contains("whatsApp.phoneNumberId");
    assertThat(badAddress.getStatusCode().value()).isEqualTo(400);
    assertThat(badAddress.getBody().toString()).contains("must be an e-mail address").contains("PT5S").doesNotContain("Exception");
  }
}
