package dev.openlines.connector.meta;

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
 * POSTs to Meta's Graph API (WhatsApp Cloud API, Messenger Platform Send API) with the access token
 * as bearer header, never in the URL, and turns Graph errors
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling) into delivery outcomes:
 * rate limits are temporary and wait the {@code Retry-After} Meta names (else a default); an invalid
 * token, a blocked or unreachable user and a closed messaging window are permanent; 5xx and Graph's
 * "temporary" codes are temporary.
 */
public class GraphApi {

  /** Graph codes that mean "too many calls": app, page, business-number and pair rate limits. */
  static final Set<Integer> RATE_LIMITS = Set.of(4, 17, 32, 613, 80007, 130429, 131048, 131056, 133016);
  /** Graph codes Meta documents as temporary or unknown server-side failures. */
  static final Set<Integer> TEMPORARY = Set.of(1, 2, 131000, 131016, 133004);

  private final RestClient http;
  private final ObjectMapper json;
  private final Duration rateLimitBackoff;

  public GraphApi(RestClient.Builder builder, ObjectMapper json, Duration timeout, Duration rateLimitBackoff) {
    // The JDK client, not HttpURLConnection: that one hides the body of a 401, where Graph says the token expired.
    JdkClientHttpRequestFactory requests =
        new JdkClientHttpRequestFactory(java.net.http.HttpClient.newBuilder().connectTimeout(timeout).build());
    requests.setReadTimeout(timeout);
    this.http = builder.requestFactory(requests).build();
    this.json = json;
    this.rateLimitBackoff = rateLimitBackoff;
  }

  /**
   * @param what names the call in failure messages, e.g. "WhatsApp send"
   * @return Graph's JSON answer
   */
  public JsonNode post(URI baseUrl, String path, String accessToken, Object body, String what) throws DeliveryException {
    Answer answer;
    try {
      answer = http.post()
          .uri(baseUrl.toString().replaceAll("/+$", "") + path)
          .headers(h -> h.setBearerAuth(accessToken))
          .contentType(MediaType.APPLICATION_JSON)
          .body(body)
          .exchange((req, res) -> new Answer(res.getStatusCode().value(), res.getHeaders().getFirst(HttpHeaders.RETRY_AFTER),
              new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    } catch (RestClientException e) {
      throw DeliveryException.temporary(what + ": Graph API unreachable (" + e.getClass().getSimpleName() + ")", Duration.ZERO, e);
    }
    JsonNode answerBody = parse(answer.body());
    if (answer.status() >= 200 && answer.status() < 300) {
      return answerBody;
    }
    JsonNode error = answerBody.path("error");
    int code = error.path("code").asInt(0);
    int subcode = error.path("error_subcode").asInt(0);
    String message = error.path("message").asText("HTTP " + answer.status());
    String detail = what + ": " + message + " (Graph error " + code + (subcode != 0 ? "/" + subcode : "") + ")";
    if (answer.status() == 429 || RATE_LIMITS.contains(code)) {
      throw DeliveryException.temporary(detail, retryAfter(answer.retryAfter()), null);
    }
    if (code == 190) {
      throw DeliveryException.permanent(what + ": the access token is invalid or expired; save a new one in the connector settings"
          + " (Graph error 190" + (subcode != 0 ? "/" + subcode : "") + ")");
    }
    if (answer.status() >= 500 || TEMPORARY.contains(code) || error.path("is_transient").asBoolean(false)) {
      throw DeliveryException.temporary(detail, Duration.ZERO, null);
    }
    throw DeliveryException.permanent(detail);
  }

  private Duration retryAfter(String header) {
    if (header != null) {
      try {
        return Duration.ofSeconds(Long.parseLong(header.trim()));
      } catch (NumberFormatException notSeconds) {
        // An HTTP date or garbage: fall back to the configured wait.
      }
    }
    return rateLimitBackoff;
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
