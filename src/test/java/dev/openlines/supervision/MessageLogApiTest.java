package dev.openlines.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.AdminApi;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The saved message log of a conversation: supervisors and admins read all of it; operators are refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MessageLogApiTest {

  static final Duration WAIT = Duration.ofSeconds(90);

  @Autowired TestRestTemplate http;
  @Autowired ClientConversations clients;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ApiKeyService apiKeys;

  final String prefix = UUID.randomUUID().toString().substring(0, 8);

  ResponseEntity<List<Map<String, Object>>> log(String key, String conversationId) {
    return http.exchange("/api/supervisor/conversations/{id}/messages", HttpMethod.GET, ApiTokens.request(key),
        new ParameterizedTypeReference<List<Map<String, Object>>>() {}, conversationId);
  }

  @Test
  void supervisorsAndAdminsReadTheWholeLogWithAutomaticTextsAndFlaggedNotesOperatorsAreRefused() {
    String anna = prefix + "-anna";
    operators.create(new Operator(anna, "Anna", Set.of()));
    operators.changePresence(anna, Presence.ONLINE);
    AdminApi admin = new AdminApi(http);
    String channel = admin.createChannel("log-" + prefix, "Log", anna, "PT1H");
    admin.setLifecycle(channel, Map.of("automaticActions", Map.of("greeting", "Hello! An operator is on the way.")));
    Started c = clients.start(channel);
    await().atMost(WAIT).until(() -> routing.offers(c.conversationId()).stream()
        .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(anna)));
    ApiTokens tokens = new ApiTokens(apiKeys);
    String annaKey = tokens.operator(anna);
    http.exchange("/api/conversations/{id}/answer", HttpMethod.POST, ApiTokens.request(annaKey), String.class, c.conversationId());
    http.exchange("/api/conversations/{id}/messages", HttpMethod.POST, ApiTokens.request(annaKey, Map.of("text", "Hi, Anna here.")),
        String.class, c.conversationId());
    http.exchange("/api/conversations/{id}/messages", HttpMethod.POST,
        ApiTokens.request(annaKey, Map.of("text", "Asked twice already", "silent", true)), String.class, c.conversationId());

    await().atMost(WAIT).untilAsserted(() -> {
      ResponseEntity<List<Map<String, Object>>> read = log(tokens.supervisor(), c.conversationId());
      assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(read.getBody()).extracting(m -> m.get("author") + ":" + m.get("text") + (Boolean.TRUE.equals(m.get("silent")) ? " (note)" : ""))
          .containsExactly("CLIENT:Hello, I have a question", "SYSTEM:Hello! An operator is on the way.", "OPERATOR:Hi, Anna here.",
              "OPERATOR:Asked twice already (note)");
    });
    assertThat(log(tokens.admin(), c.conversationId()).getBody()).hasSize(4)
        .allSatisfy(message -> assertThat(message).as("the store's ordering key is not part of the API").doesNotContainKey("storedOrder"));

    for (String operatorKey : List.of(annaKey, tokens.operator(prefix + "-ben"))) {
      assertThat(http.exchange("/api/supervisor/conversations/{id}/messages", HttpMethod.GET, ApiTokens.request(operatorKey), String.class,
          c.conversationId()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
    ResponseEntity<String> unknown = http.exchange("/api/supervisor/conversations/{id}/messages", HttpMethod.GET,
        ApiTokens.request(tokens.supervisor()), String.class, "no-such-" + prefix);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }
}
