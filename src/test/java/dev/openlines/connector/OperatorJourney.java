package dev.openlines.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * An operator's side of a connector's end-to-end test, all through the operator API: wait for the
 * offer, answer it, reply, close.
 */
public final class OperatorJourney {

  public static final Duration WAIT = Duration.ofSeconds(60);

  private final TestRestTemplate http;
  private final RoutingService routing;
  private final ConversationRepository conversations;
  private final String operatorId;
  private final String key;

  public OperatorJourney(TestRestTemplate http, ApiKeyService apiKeys, RoutingService routing,
      ConversationRepository conversations, String operatorId) {
    this.http = http;
    this.routing = routing;
    this.conversations = conversations;
    this.operatorId = operatorId;
    this.key = new ApiTokens(apiKeys).operator(operatorId);
  }

  public void awaitOffer(String conversationId) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(routing.offers(conversationId))
        .anySatisfy(offer -> {
          assertThat(offer.operatorId()).isEqualTo(operatorId);
          assertThat(offer.status()).isEqualTo(OfferStatus.OFFERED);
        }));
  }

  public void answer(String conversationId) {
    assertThat(call(HttpMethod.POST, "/api/conversations/" + conversationId + "/answer", null).getStatusCode().value()).isEqualTo(204);
    await().atMost(WAIT).until(() -> conversations.findById(conversationId).orElseThrow().getStatus() == ConversationStatus.IN_PROGRESS);
  }

  /** @return the stored message's id */
  public String reply(String conversationId, String text) {
    ResponseEntity<JsonNode> sent = call(HttpMethod.POST, "/api/conversations/" + conversationId + "/messages", Map.of("text", text));
    assertThat(sent.getStatusCode().is2xxSuccessful()).as("reply answered %s", sent.getBody()).isTrue();
    return sent.getBody().get("id").asText();
  }

  /** Writes to the client, the message named by this Idempotency-Key; the answer as it came. */
  public ResponseEntity<JsonNode> replyNamed(String conversationId, String text, String idempotencyKey) {
    org.springframework.http.HttpHeaders headers = ApiTokens.bearer(key);
    headers.set("Idempotency-Key", idempotencyKey);
    return http.exchange("/api/conversations/" + conversationId + "/messages", HttpMethod.POST,
        new org.springframework.http.HttpEntity<>(Map.of("text", text), headers), JsonNode.class);
  }

  public void close(String conversationId) {
    assertThat(call(HttpMethod.POST, "/api/conversations/" + conversationId + "/close", null).getStatusCode().value()).isEqualTo(202);
    await().atMost(WAIT).until(() -> conversations.findById(conversationId).orElseThrow().getStatus() == ConversationStatus.CLOSED);
  }

  public ResponseEntity<JsonNode> call(HttpMethod method, String path, Object body) {
    return http.exchange(path, method, ApiTokens.request(key, body), JsonNode.class);
  }

  /** Offers answered by this operator, for assertions on who got a conversation. */
  public static boolean offeredTo(RoutingService routing, String conversationId, String operatorId) {
    return routing.offers(conversationId).stream().map(Offer::operatorId).anyMatch(operatorId::equals);
  }
}
