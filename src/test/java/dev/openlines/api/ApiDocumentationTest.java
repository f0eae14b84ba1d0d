package dev.openlines.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.security.SecurityConfig;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocumentationTest {

  @Autowired TestRestTemplate http;
  @Autowired ObjectMapper json;
  @Autowired BuildProperties build;

  @Test
  void theSpecIsPublicAndNamesTheBearerSchemeAndEachOperationsRoles() throws Exception {
    ResponseEntity<String> response = http.getForEntity("/v3/api-docs", String.class);
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    JsonNode spec = json.readTree(response.getBody());

    // The build writes the project version into build-info; clients see which release they talk to.
    assertThat(spec.at("/info/version").asText()).isEqualTo(build.getVersion()).isNotBlank();

    JsonNode scheme = spec.at("/components/securitySchemes/bearer");
    assertThat(scheme.get("type").asText()).isEqualTo("http");
    assertThat(scheme.get("scheme").asText()).isEqualTo("bearer");

    assertRoles(spec, "/api/admin/api-keys", "post", "ADMIN");
    assertRoles(spec, "/api/admin/api-keys", "get", "ADMIN");
    assertRoles(spec, "/api/admin/api-keys/{id}", "delete", "ADMIN");
    assertRoles(spec, "/api/me", "get", "OPERATOR", "SUPERVISOR", "ADMIN", "BOT", "CHANNEL_MANAGER");
    assertRoles(spec, "/api/channels/{channelId}/quick-answers", "get", "OPERATOR", "ADMIN", "CHANNEL_MANAGER");
    assertRoles(spec, "/api/channels/{channelId}/quick-answers", "post", "ADMIN", "CHANNEL_MANAGER");
    assertRoles(spec, "/api/channels/{channelId}/quick-answers/{id}", "put", "ADMIN", "CHANNEL_MANAGER");
    assertRoles(spec, "/api/channels/{channelId}/quick-answers/{id}", "delete", "ADMIN", "CHANNEL_MANAGER");
    assertRoles(spec, "/api/channels/{channelId}/quick-answers/saved-messages", "post", "OPERATOR");
    assertRoles(spec, "/api/bot/conversations/{conversationId}/hand-off", "post", "BOT");
    assertRoles(spec, "/api/admin/channels/{channelId}/bot-settings", "put", "ADMIN", "CHANNEL_MANAGER");

    JsonNode create = spec.at("/paths/~1api~1admin~1api-keys/post");
    assertThat(create.at("/security/0/bearer").isArray()).isTrue();
    assertThat(create.get("description").asText()).contains("**Roles:** ADMIN");
    assertThat(create.at("/responses/403/description").asText()).contains("ADMIN");
    assertThat(create.at("/responses/401/content/application~1problem+json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/Problem");
    assertThat(spec.at("/components/schemas/Problem/properties/errors/type").asText()).isEqualTo("array");
  }

  /** The documented success answer is the one the endpoint gives (TaskListApiTest checks the live codes). */
  @Test
  void operatorActionsDocumentTheirSuccessStatus() throws Exception {
    JsonNode paths = json.readTree(http.getForEntity("/v3/api-docs", String.class).getBody()).get("paths");
    assertThat(paths.at("/~1api~1conversations~1{id}~1skip/post/responses").fieldNames())
        .toIterable().contains("204").doesNotContain("200");
    assertThat(paths.at("/~1api~1conversations~1{id}~1close/post/responses").fieldNames())
        .toIterable().contains("202").doesNotContain("200");
    assertThat(paths.at("/~1api~1conversations~1{id}~1messages/post/responses").fieldNames())
        .toIterable().contains("201").doesNotContain("200");
  }

  @Test
  void swaggerUiIsPublic() {
    assertThat(http.getForEntity("/swagger-ui/index.html", String.class).getStatusCode().value()).isEqualTo(200);
    // The client may follow the redirect to index.html; either way no token is asked for.
    assertThat(http.getForEntity("/swagger-ui.html", String.class).getStatusCode().value()).isIn(200, 302);
    assertThat(http.getForEntity("/v3/api-docs/swagger-config", String.class).getStatusCode().value()).isEqualTo(200);
  }

  /** Guards "nothing open by default": a new endpoint under /api without a role annotation fails here. */
  @Test
  void everyApiEndpointDeclaresItsRoles(
      @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
    List<String> undeclared =
        mappings.getHandlerMethods().entrySet().stream()
            .filter(e -> e.getKey().getPatternValues().stream().anyMatch(p -> p.startsWith("/api/")))
            // Paths that check their callers themselves (the operator stream redeems a one-time ticket).
            .filter(e -> e.getKey().getPatternValues().stream().noneMatch(p -> java.util.List.of(SecurityConfig.OWN_AUTHENTICATION).contains(p)))
            .filter(e -> OpenApiConfig.rolesOf(e.getValue()) == null)
            .map(e -> e.getKey() + " -> " + e.getValue())
            .toList();
    assertThat(undeclared).as("endpoints under /api/ without @" + RolesAllowed.class.getSimpleName()).isEmpty();
    assertThat(mappings.getHandlerMethods().keySet().stream().flatMap(m -> m.getPatternValues().stream()))
        .contains("/api/admin/api-keys", "/api/channels/{channelId}/quick-answers");
  }

  private static void assertRoles(JsonNode spec, String path, String method, String... roles) {
    JsonNode operation = spec.get("paths").get(path).get(method);
    assertThat(operation).as(method + " " + path).isNotNull();
    assertThat(operation.get(OpenApiConfig.ROLES_EXTENSION)).extracting(JsonNode::asText).containsExactly(roles);
  }
}
