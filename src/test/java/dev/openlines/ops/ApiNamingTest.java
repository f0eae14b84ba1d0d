package dev.openlines.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.Pages;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * One naming scheme: the caller's own resources under /api/operators/me, admin settings under /api/admin.
 * The old paths answer the same for one release, marked deprecated in their headers and in OpenAPI.
 * Health details are for ADMIN and SUPERVISOR keys only. (Same configuration as {@link BusinessMetersApiTest},
 * so both share one application context.)
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "openlines.metrics.queue-refresh=PT0.2S")
@AutoConfigureObservability(tracing = false)
class ApiNamingTest {

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  @Autowired ChannelLifecycleSettingsService lifecycleSettings;

  @Test
  void theInboxMovedUnderOperatorsMeAndTheOldPathSaysWhere() {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String operator = new ApiTokens(apiKeys).operator(fx.operator("nina"));

    ResponseEntity<JsonNode> current = get("/api/operators/me/inbox", operator);
    ResponseEntity<JsonNode> old = get("/api/operator/inbox", operator);

    assertThat(current.getStatusCode().value()).isEqualTo(200);
    assertThat(current.getHeaders().containsKey("Deprecation")).isFalse();
    assertThat(old.getStatusCode().value()).isEqualTo(200);
    assertThat(old.getBody()).isEqualTo(current.getBody());
    assertThat(old.getHeaders().getFirst("Deprecation")).isEqualTo("true");
    assertThat(old.getHeaders().get(HttpHeaders.LINK)).contains("</api/operators/me/inbox>; rel=\"successor-version\"");
  }

  @Test
  void channelSettingsLiveUnderTheAdminPrefixAndSupervisorsStillReadThem() {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String channel = fx.channel("naming", DistributionMode.STRICT, 3, fx.operator("otto"));
    lifecycleSettings.save(new ChannelLifecycleSettings(channel, null, null, null));
    String supervisor = new ApiTokens(apiKeys).supervisor();

    ResponseEntity<JsonNode> current = get("/api/admin/channels/" + channel + "/lifecycle-settings", supervisor);
    ResponseEntity<JsonNode> old = get("/api/channels/" + channel + "/lifecycle-settings", supervisor);

    assertThat(current.getStatusCode().value()).isEqualTo(200);
    assertThat(old.getStatusCode().value()).isEqualTo(200);
    assertThat(old.getHeaders().get(HttpHeaders.LINK))
        .contains("</api/admin/channels/" + channel + "/lifecycle-settings>; rel=\"successor-version\"");
    assertThat(get("/api/admin/channels/" + channel + "/bot-settings", supervisor).getStatusCode().value()).isEqualTo(200);
    assertThat(http.exchange("/api/admin/channels/" + channel + "/bot-settings", HttpMethod.PUT,
            ApiTokens.request(supervisor, java.util.Map.of()), String.class).getStatusCode().value())
        .as("changing them stays ADMIN-only").isEqualTo(403);
  }

  @Test
  void openApiMarksOnlyTheOldPathsDeprecated() {
    JsonNode paths = http.getForObject("/v3/api-docs", JsonNode.class).get("paths");

    assertThat(paths.at("/~1api~1operator~1inbox/get/deprecated").asBoolean()).isTrue();
    assertThat(paths.at("/~1api~1operators~1me~1inbox/get/deprecated").asBoolean()).isFalse();
    assertThat(paths.at("/~1api~1channels~1{channelId}~1bot-settings/get/deprecated").asBoolean()).isTrue();
    assertThat(paths.at("/~1api~1admin~1channels~1{channelId}~1bot-settings/get/deprecated").asBoolean()).isFalse();
    assertThat(paths.at("/~1api~1operator~1stream-tickets/post/deprecated").asBoolean()).isTrue();
  }

  @Test
  void adminListsArePagedByCursorWithTotalAndNextLink() {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    for (String name : List.of("pia", "quinn", "rosa")) {
      fx.operator(name);
    }
    Set<String> seen = new HashSet<>();
    String next = "/api/admin/operators?limit=2";
    long total = -1;
    int pages = 0;
    while (next != null) {
      ResponseEntity<JsonNode> page = get(next, ApiTokens.ADMIN);
      assertThat(page.getStatusCode().value()).isEqualTo(200);
      assertThat(page.getBody().size()).isBetween(1, 2);
      total = Long.parseLong(page.getHeaders().getFirst("X-Total-Count"));
      page.getBody().forEach(operator -> assertThat(seen.add(operator.get("id").asText())).as("each operator once").isTrue());
      next = Pages.nextLink(page.getHeaders());
      pages++;
    }
    assertThat(seen).hasSize((int) total).hasSizeGreaterThanOrEqualTo(3);
    assertThat(pages).isEqualTo((int) ((total + 1) / 2));
    assertThat(get("/api/admin/operators?limit=0", ApiTokens.ADMIN).getStatusCode().value()).isEqualTo(400);
  }

  @Test
  void healthDetailsOnlyForAdminsAndSupervisors() {
    JsonNode anonymous = http.getForObject("/actuator/health", JsonNode.class);
    ResponseEntity<JsonNode> admin = get("/actuator/health", ApiTokens.ADMIN);

    assertThat(anonymous.get("status").asText()).isEqualTo("UP");
    assertThat(anonymous.has("components")).as("no components for an anonymous caller: %s", anonymous).isFalse();
    assertThat(admin.getBody().get("components").has("workflowEngine") || admin.getBody().get("components").size() > 1)
        .as("components for an admin: %s", admin.getBody()).isTrue();
  }

  private ResponseEntity<JsonNode> get(String path, String token) {
    return http.exchange(path, HttpMethod.GET, ApiTokens.request(token), JsonNode.class);
  }
}
