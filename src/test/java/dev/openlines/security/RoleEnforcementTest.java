package dev.openlines.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.testing.ApiTokens;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Every operation the OpenAPI description lists with its roles, called over HTTP: without a key it is a
 * 401, with a key of none of its roles a 403, even when the request itself is invalid (role first, then input).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoleEnforcementTest {

  @Autowired TestRestTemplate http;
  @Autowired ObjectMapper json;
  @Autowired ApiKeyService apiKeys;

  record Endpoint(HttpMethod method, String path, Set<Role> roles) {
    /** Path variables filled with a value that names nothing. */
    String concretePath() {
      return path.replaceAll("\\{[^}]+}", "no-such-id");
    }
  }

  List<Endpoint> documentedEndpoints() throws Exception {
    JsonNode paths = json.readTree(http.getForEntity("/v3/api-docs", String.class).getBody()).get("paths");
    List<Endpoint> endpoints = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext(); ) {
      Map.Entry<String, JsonNode> path = p.next();
      for (Iterator<Map.Entry<String, JsonNode>> o = path.getValue().fields(); o.hasNext(); ) {
        Map.Entry<String, JsonNode> operation = o.next();
        JsonNode roles = operation.getValue().get("x-required-roles");
        if (roles != null) {
          Set<Role> required = new java.util.HashSet<>();
          roles.forEach(role -> required.add(Role.valueOf(role.asText())));
          endpoints.add(new Endpoint(HttpMethod.valueOf(operation.getKey().toUpperCase()), path.getKey(), required));
        }
      }
    }
    return endpoints;
  }

  ResponseEntity<String> call(Endpoint endpoint, String token) {
    // An empty object is invalid for every request body here: a 403 must still come before the 400.
    Object body = endpoint.method() == HttpMethod.POST || endpoint.method() == HttpMethod.PUT ? Map.of() : null;
    HttpEntity<?> entity = token == null ? ApiTokens.anonymous(body) : ApiTokens.request(token, body);
    return http.exchange(endpoint.concretePath(), endpoint.method(), entity, String.class);
  }

  @Test
  void everyDocumentedOperationNeedsAKey() throws Exception {
    List<Endpoint> endpoints = documentedEndpoints();
    assertThat(endpoints).hasSizeGreaterThan(40);

    List<String> open =
        endpoints.stream()
            .filter(endpoint -> call(endpoint, null).getStatusCode() != HttpStatus.UNAUTHORIZED)
            .map(endpoint -> endpoint.method() + " " + endpoint.path())
            .toList();

    assertThat(open).as("answered without a key").isEmpty();
  }

  @Test
  void aKeyWithNoneOfTheRolesIsRefusedBeforeTheRequestIsRead() throws Exception {
    ApiTokens tokens = new ApiTokens(apiKeys);
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Endpoint endpoint : documentedEndpoints()) {
      EnumSet<Role> others = EnumSet.complementOf(EnumSet.copyOf(endpoint.roles()));
      if (others.isEmpty()) {
        continue;
      }
      String token = tokens.withRoles(others.contains(Role.OPERATOR) ? "op-role-check" : null, others.toArray(Role[]::new));
      ResponseEntity<String> response = call(endpoint, token);
      checked++;
      if (response.getStatusCode() != HttpStatus.FORBIDDEN
          || !response.getBody().contains("does not have a role that may use this endpoint")) {
        wrong.add(endpoint.method() + " " + endpoint.path() + " as " + others.stream().map(Role::name).collect(Collectors.joining("+"))
            + " -> " + response.getStatusCode().value());
      }
    }

    assertThat(checked).isGreaterThan(40);
    assertThat(wrong).as("not refused with 403").isEmpty();
  }
}
