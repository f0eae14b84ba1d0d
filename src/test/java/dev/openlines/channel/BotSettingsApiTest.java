package dev.openlines.channel;

import static dev.openlines.testing.ApiTokens.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BotSettingsApiTest {

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ChannelService channels;
  @Autowired BotSettingsService bots;
  @Autowired ObjectMapper json;

  String channelId;

  @BeforeEach
  void channel() {
    channelId = "bot-" + UUID.randomUUID();
    createChannel();
  }

  void createChannel() {
    channels.save(new OpenChannel(channelId, "Bot line", ZoneId.of("UTC"),
        new QueueSettings(List.of(QueueEntry.operator("anna")), DistributionMode.STRICT, Duration.ofMinutes(2), null,
            LimitExclusion.CLOSED, true)));
  }

  ResponseEntity<String> put(String token, Map<String, Object> body) {
    return http.exchange("/api/admin/channels/{id}/bot-settings", HttpMethod.PUT, request(token, body), String.class, channelId);
  }

  static Map<String, Object> valid() {
    Map<String, Object> body = new HashMap<>();
    body.put("enabled", true);
    body.put("webhookUrl", "https://bot.example.com/openlines");
    body.put("secret", "s3cret-s3cret-s3cret");
    body.put("silenceTimeout", "PT30S");
    return body;
  }

  @Test
  void validSettingsAreSavedAndTheSecretIsNeverShown() throws Exception {
    assertThat(put(ApiTokens.ADMIN, valid()).getStatusCode().value()).isEqualTo(200);

    ResponseEntity<String> read = http.exchange("/api/admin/channels/{id}/bot-settings", HttpMethod.GET, request(ApiTokens.ADMIN),
        String.class, channelId);
    JsonNode view = json.readTree(read.getBody());
    assertThat(view.get("enabled").asBoolean()).isTrue();
    assertThat(view.get("webhookUrl").asText()).isEqualTo("https://bot.example.com/openlines");
    assertThat(view.get("secretSet").asBoolean()).isTrue();
    assertThat(view.get("silenceTimeout").asText()).isEqualTo("PT30S");
    assertThat(read.getBody()).doesNotContain("s3cret");

    // Left out, the secret is kept.
    Map<String, Object> longer = valid();
    longer.remove("secret");
    longer.put("silenceTimeout", "PT10M");
    assertThat(put(ApiTokens.ADMIN, longer).getStatusCode().value()).isEqualTo(200);
    BotSettings stored = bots.find(channelId).orElseThrow();
    assertThat(stored.secret()).isEqualTo("s3cret-s3cret-s3cret");
    assertThat(stored.silenceTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(stored.webhookUrl()).isEqualTo(URI.create("https://bot.example.com/openlines"));
  }

  @Test
  void invalidSettingsNameEachFieldToFixAndNothingIsSaved() throws Exception {
    Map<String, Object> bad = valid();
    bad.put("webhookUrl", "ftp://bot.example.com");
    bad.put("secret", "short");
    bad.put("silenceTimeout", "PT5S");

    ResponseEntity<String> response = put(ApiTokens.ADMIN, bad);

    assertThat(response.getStatusCode().value()).isEqualTo(400);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode problem = json.readTree(response.getBody());
    assertThat(problem.get("errors")).extracting(e -> e.get("message").asText()).containsExactlyInAnyOrder(
        "give the bot's webhook as an absolute http or https URL, e.g. https://bot.example.com/openlines",
        "use 16 to 256 characters",
        "the bot must be given at least 10 seconds (PT10S)");
    assertThat(bots.find(channelId)).isEmpty();

    Map<String, Object> tooLongAndNoSecret = valid();
    tooLongAndNoSecret.remove("secret");
    tooLongAndNoSecret.put("silenceTimeout", "PT2H");
    JsonNode second = json.readTree(put(ApiTokens.ADMIN, tooLongAndNoSecret).getBody());
    assertThat(second.get("errors")).extracting(e -> e.get("message").asText()).containsExactlyInAnyOrder(
        "an enabled bot needs a secret of 16 to 256 characters to sign the webhook calls",
        "the bot may stay silent at most one hour (PT1H)");
    assertThat(bots.find(channelId)).isEmpty();
  }

  @Test
  void aDisabledBotNeedsNoWebhook() {
    assertThat(put(ApiTokens.ADMIN, Map.of("enabled", false, "silenceTimeout", "PT1M")).getStatusCode().value()).isEqualTo(200);
    assertThat(bots.of(channelId).enabled()).isFalse();
  }

  /** Reading or setting the bot of a channel that does not exist is a 404 naming it, on both paths, and saves nothing. */
  @Test
  void anUnknownChannelIsA404ProblemNamingItAndNothingIsSaved() throws Exception {
    String unknown = "no-such-" + UUID.randomUUID();
    for (String path : List.of("/api/admin/channels/{id}/bot-settings", "/api/channels/{id}/bot-settings")) {
      for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.PUT)) {
        ResponseEntity<String> response = http.exchange(path, method,
            method == HttpMethod.GET ? request(ApiTokens.ADMIN) : request(ApiTokens.ADMIN, valid()), String.class, unknown);
        assertThat(response.getStatusCode().value()).as(method + " " + path).isEqualTo(404);
        assertThat(response.getHeaders().getContentType()).as(method + " " + path).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json.readTree(response.getBody()).get("detail").asText()).as(method + " " + path).contains(unknown);
      }
    }
    assertThat(bots.find(unknown)).as("nothing saved for a channel that does not exist").isEmpty();
  }

  /** A deleted channel's bot goes with it: the id is unknown, and a channel created again under it starts without a bot. */
  @Test
  void aDeletedChannelTakesItsBotWithIt() throws Exception {
    assertThat(put(ApiTokens.ADMIN, valid()).getStatusCode().value()).isEqualTo(200);
    assertThat(http.exchange("/api/admin/channels/{id}", HttpMethod.DELETE, request(ApiTokens.ADMIN), String.class, channelId)
        .getStatusCode().value()).isEqualTo(204);

    assertThat(http.exchange("/api/admin/channels/{id}/bot-settings", HttpMethod.GET, request(ApiTokens.ADMIN), String.class,
        channelId).getStatusCode().value()).isEqualTo(404);

    createChannel();
    JsonNode again = json.readTree(http.exchange("/api/admin/channels/{id}/bot-settings", HttpMethod.GET,
        request(ApiTokens.ADMIN), String.class, channelId).getBody());
    assertThat(again.get("enabled").asBoolean()).isFalse();
    assertThat(again.get("secretSet").asBoolean()).isFalse();
  }

  @Test
  void onlyAdminsChangeTheBot() {
    ApiTokens tokens = new ApiTokens(apiKeys);
    assertThat(put(tokens.supervisor(), valid()).getStatusCode().value()).isEqualTo(403);
    assertThat(put(tokens.bot("any-channel"), valid()).getStatusCode().value()).isEqualTo(403);
    assertThat(bots.find(channelId)).isEmpty();
  }
}
