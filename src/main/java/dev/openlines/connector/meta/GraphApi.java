package dev.openlines.connector.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.ProviderHttp;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
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

  private final ProviderHttp http;
  private final Duration rateLimitBackoff;

  public GraphApi(RestClient.Builder builder, ObjectMapper json, Duration timeout, Duration rateLimitBackoff) {
    this.http = new ProviderHttp(builder, json, timeout);
    this.rateLimitBackoff = rateLimitBackoff;
  }

  /**
   * @param what names the call in failure messages, e.g. "WhatsApp send"
   * @return Graph's JSON answer
   */
  public JsonNode post(URI baseUrl, String path, String accessToken, Object body, String what) throws DeliveryException {
    ProviderHttp.Answer answer;
    try {
      answer = http.postJson(ProviderHttp.join(baseUrl, path), headers -> headers.setBearerAuth(accessToken), body);
    } catch (RestClientException e) {
      throw DeliveryException.temporary(what + ": Graph API unreachable (" + e.getClass().getSimpleName() + ")", Duration.ZERO, e);
    }
    if (answer.ok()) {
      return answer.body();
    }
    JsonNode error = answer.body().path("error");
    int code = error.path("code").asInt(0);
    int subcode = error.path("error_subcode").asInt(0);
    String message = error.path("message").asText("HTTP " + answer.status());
    String detail = what + ": " + message + " (Graph error " + code + (subcode != 0 ? "/" + subcode : "") + ")";
    if (answer.status() == 429 || RATE_LIMITS.contains(code)) {
      throw DeliveryException.temporary(detail, answer.retryAfterOr(rateLimitBackoff), null);
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
}
