package dev.openlines.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * JSON calls to a messenger provider's API, answered whatever the status: the connector reads the
 * provider's own error format. Uses the JDK HTTP client, not HttpURLConnection, which hides the body
 * of a 401 (where Meta says the token expired).
 */
public final class ProviderHttp {

  /** @param retryAfter the {@code Retry-After} header, if any */
  public record Answer(int status, String retryAfter, JsonNode body) {

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The provider's {@code Retry-After} in seconds, or {@code fallback} when it names none (or a date). */
    public Duration retryAfterOr(Duration fallback) {
      try {
        return retryAfter == null ? fallback : Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
      } catch (NumberFormatException notSeconds) {
        return fallback;
      }
    }
  }

  private final RestClient http;
  private final ObjectMapper json;

  public ProviderHttp(RestClient.Builder builder, ObjectMapper json, Duration timeout) {
    JdkClientHttpRequestFactory requests =
        new JdkClientHttpRequestFactory(java.net.http.HttpClient.newBuilder().connectTimeout(timeout).build());
    requests.setReadTimeout(timeout);
    this.http = builder.requestFactory(requests).build();
    this.json = json;
  }

  /** @throws RestClientException when the provider could not be reached or did not answer in time */
  public Answer postJson(String url, Consumer<HttpHeaders> headers, Object body) {
    return http.post()
        .uri(url)
        .headers(headers)
        .contentType(MediaType.APPLICATION_JSON)
        .body(body)
        .exchange((req, res) -> new Answer(res.getStatusCode().value(), res.getHeaders().getFirst(HttpHeaders.RETRY_AFTER),
            parse(new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8))));
  }

  /** An empty object for a body that is no JSON (a proxy's error page): the status then speaks. */
  private JsonNode parse(String body) {
    try {
      JsonNode node = json.readTree(body);
      return node == null ? json.createObjectNode() : node;
    } catch (IOException notJson) {
      return json.createObjectNode();
    }
  }

  /** The base URL and a path, without doubled slashes. */
  public static String join(java.net.URI baseUrl, String path) {
    return baseUrl.toString().replaceAll("/+$", "") + path;
  }
}
