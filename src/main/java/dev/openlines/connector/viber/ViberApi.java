package dev.openlines.connector.viber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.connector.DeliveryException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Calls the Viber REST bot API with the token in {@code X-Viber-Auth-Token}. Viber answers HTTP 200
 * with a {@code status} (https://developers.viber.com/docs/api/rest-bot-api/#error-codes): 0 is
 * success, 12 (too many requests) is temporary, every other status is permanent; HTTP errors and
 * no answer are temporary.
 */
class ViberApi {

  static final String TOKEN_HEADER = "X-Viber-Auth-Token";
  static final int TOO_MANY_REQUESTS = 12;
  /** Statuses that mean the client cannot be reached: not registered, not subscribed, no suitable device. */
  static final Set<Integer> CLIENT_UNREACHABLE = Set.of(5, 6, 11);

  private final RestClient http;
  private final ObjectMapper json;
  private final Duration rateLimitBackoff;

  ViberApi(RestClient.Builder builder, ObjectMapper json, Duration timeout, Duration rateLimitBackoff) {
    JdkClientHttpRequestFactory requests =
        new JdkClientHttpRequestFactory(java.net.http.HttpClient.newBuilder().connectTimeout(timeout).build());
    requests.setReadTimeout(timeout);
    this.http = builder.requestFactory(requests).build();
    this.json = json;
    this.rateLimitBackoff = rateLimitBackoff;
  }

  /** @return Viber's answer, status 0 */
  JsonNode call(URI baseUrl, String authToken, String method, Object body) throws DeliveryException {
    Answer answer;
    try {
      answer = http.post()
          .uri(baseUrl.toString().replaceAll("/+$", "") + "/" + method)
          .header(TOKEN_HEADER, authToken)
          .contentType(MediaType.APPLICATION_JSON)
          .body(body)
          .exchange((req, res) -> new Answer(res.getStatusCode().value(), res.getHeaders().getFirst(HttpHeaders.RETRY_AFTER),
              new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    } catch (RestClientException e) {
      throw DeliveryException.temporary("Viber " + method + ": unreachable (" + e.getClass().getSimpleName() + ")", Duration.ZERO, e);
    }
    if (answer.status() == 429) {
      throw DeliveryException.temporary("Viber " + method + ": too many requests", retryAfter(answer.retryAfter()), null);
    }
    if (answer.status() < 200 || answer.status() >= 300) {
      throw DeliveryException.temporary("Viber " + method + ": HTTP " + answer.status(), Duration.ZERO, null);
    }
    JsonNode body1 = parse(answer.body());
    int status = body1.path("status").asInt(-1);
    if (status == 0) {
      return body1;
    }
    String detail = "Viber " + method + ": " + body1.path("status_message").asText("no status") + " (status " + status + ")";
    if (status == TOO_MANY_REQUESTS) {
      throw DeliveryException.temporary(detail, rateLimitBackoff, null);
    }
    if (status == 2) {
      throw DeliveryException.permanent("Viber " + method + ": the auth token is invalid; save the bot's token again (status 2)");
    }
    if (status == -1) {
      throw DeliveryException.temporary("Viber " + method + ": the answer has no status", Duration.ZERO, null);
    }
    throw DeliveryException.permanent(detail);
  }

  private Duration retryAfter(String header) {
    try {
      return header == null ? rateLimitBackoff : Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException notSeconds) {
      return rateLimitBackoff;
    }
  }

  private JsonNode parse(String body) {
    try {
      JsonNode node = json.readTree(body == null ? "" : body);
      return node == null ? json.createObjectNode() : node;
    } catch (IOException notJson) {
      return json.createObjectNode();
    }
  }

  private record Answer(int status, String retryAfter, String body) {}
}
