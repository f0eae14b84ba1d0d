package dev.openlines.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * An administrator configuring the service through its HTTP API, as tests of a setting's effect do:
 * {@code new AdminApi(http)} with the context's {@link TestRestTemplate}.
 */
public final class AdminApi {

  private final TestRestTemplate http;

  public AdminApi(TestRestTemplate http) {
    this.http = http;
  }

  /** A STRICT channel with one operator in its queue and the given idle time (ISO duration); its id. */
  public String createChannel(String id, String name, String operatorId, String idleTime) {
    return createChannel(Map.of("id", id, "name", name, "timeZone", "UTC", "queue", queue(operatorId, idleTime)));
  }

  /**
   * A channel from the request body as the API takes it; its id. The operators its queue names are
   * added first where they do not exist yet, as an admin must (the API refuses a queue naming nobody).
   */
  public String createChannel(Map<String, Object> request) {
    ensureOperators(request);
    ResponseEntity<Map> created = http.exchange("/api/admin/channels", HttpMethod.POST, ApiTokens.request(ApiTokens.ADMIN, request), Map.class);
    assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
    return (String) created.getBody().get("id");
  }

  public static Map<String, Object> queue(String operatorId, String idleTime) {
    return Map.of("entries", List.of(Map.of("kind", "OPERATOR", "id", operatorId)), "mode", "STRICT",
        "idleTime", idleTime, "limitExclusion", "CLOSED", "checkAvailability", true);
  }

  /** PUT of the channel's lifecycle settings; the answer, whatever it is. */
  public ResponseEntity<String> putLifecycle(String channelId, Map<String, Object> body) {
    return http.exchange("/api/admin/channels/{id}/lifecycle-settings", HttpMethod.PUT, ApiTokens.request(ApiTokens.ADMIN, body),
        String.class, channelId);
  }

  /** PUT of the channel's lifecycle settings, which must be accepted. */
  public void setLifecycle(String channelId, Map<String, Object> body) {
    ResponseEntity<String> saved = putLifecycle(channelId, body);
    assertThat(saved.getStatusCode()).as("%s", saved.getBody()).isEqualTo(HttpStatus.OK);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> lifecycle(String channelId) {
    return http.exchange("/api/admin/channels/{id}/lifecycle-settings", HttpMethod.GET, ApiTokens.request(ApiTokens.ADMIN), Map.class,
        channelId).getBody();
  }

  /** Adds each operator the request's queue names (POST /api/admin/operators); one that exists stays as it is. */
  @SuppressWarnings("unchecked")
  public void ensureOperators(Map<String, Object> channelRequest) {
    if (!(channelRequest.get("queue") instanceof Map<?, ?> queue) || !(queue.get("entries") instanceof List<?> entries)) {
      return;
    }
    for (Object entry : entries) {
      Map<String, Object> place = (Map<String, Object>) entry;
      if ("OPERATOR".equals(place.get("kind"))) {
        ResponseEntity<String> added = http.exchange("/api/admin/operators", HttpMethod.POST,
            ApiTokens.request(ApiTokens.ADMIN, Map.of("id", place.get("id"), "name", String.valueOf(place.get("id")))), String.class);
        assertThat(added.getStatusCode().value()).as("%s", added.getBody()).isIn(201, 409);
      }
    }
  }
}
