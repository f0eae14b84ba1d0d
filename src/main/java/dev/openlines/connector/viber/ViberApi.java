package dev.openlines.connector.viber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.ProviderHttp;
import java.net.URI;
import java.time.Duration;
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

  private final ProviderHttp http;
  private final Duration rateLimitBackoff;

  ViberApi(RestClient.Builder builder, ObjectMapper json, Duration timeout, Duration rateLimitBackoff) {
    this.http = new ProviderHttp(builder, json, timeout);
    this.rateLimitBackoff = rateLimitBackoff;
  }

  /** @return Viber's answer, status 0 */
  JsonNode call(URI baseUrl, String authToken, String method, Object body) throws DeliveryException {
    ProviderHttp.Answer answer;
    try {
      answer = http.postJson(ProviderHttp.join(baseUrl, "/" + method), headers -> headers.set(TOKEN_HEADER, authToken), body);
    } catch (RestClientException e) {
      throw DeliveryException.temporary("Viber " + method + ": unreachable (" + e.getClass().getSimpleName() + ")", Duration.ZERO, e);
    }
    if (answer.status() == 429) {
      throw DeliveryException.temporary("Viber " + method + ": too many requests", answer.retryAfterOr(rateLimitBackoff), null);
    }
    if (!answer.ok()) {
      throw DeliveryException.temporary("Viber " + method + ": HTTP " + answer.status(), Duration.ZERO, null);
    }
    int status = answer.body().path("status").asInt(-1);
    if (status == 0) {
      return answer.body();
    }
    String detail = "Viber " + method + ": " + answer.body().path("status_message").asText("no status") + " (status " + status + ")";
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
}
