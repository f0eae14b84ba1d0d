package dev.openlines.testing;

import dev.openlines.security.ApiKeyRequest;
import dev.openlines.security.ApiKeyService;
import dev.openlines.security.Role;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * API keys for HTTP tests. In a {@code @SpringBootTest}:
 *
 * <pre>{@code
 * @Autowired TestRestTemplate http;
 * @Autowired ApiKeyService apiKeys;
 *
 * String operator = new ApiTokens(apiKeys).operator("op-1");
 * http.exchange("/api/me", HttpMethod.GET, ApiTokens.request(operator), String.class);
 * http.exchange("/api/...", HttpMethod.POST, ApiTokens.request(ApiTokens.ADMIN, body), String.class);
 * }</pre>
 *
 * Each call creates a new key through the real {@link ApiKeyService}, so tests never share a key's state.
 */
public final class ApiTokens {

  /** The initial ADMIN key the test configuration sets ({@code openlines.security.initial-admin-key}). */
  public static final String ADMIN = "test-admin-key-0123456789-0123456789-0123456789";

  private final ApiKeyService apiKeys;

  public ApiTokens(ApiKeyService apiKeys) {
    this.apiKeys = apiKeys;
  }

  /** A key with only the OPERATOR role, acting as the given operator. */
  public String operator(String operatorId) {
    return withRoles(operatorId, Role.OPERATOR);
  }

  public String supervisor() {
    return withRoles(null, Role.SUPERVISOR);
  }

  /** A key with only the BOT role, serving the given open channels (not checked to exist). */
  public String bot(String... channelIds) {
    String userId = "test-bot-" + UUID.randomUUID();
    return apiKeys
        .create(new ApiKeyRequest(userId, "Test " + userId, Set.of(Role.BOT), null, "test", Set.of(channelIds)), "test")
        .key();
  }

  /** A fresh ADMIN key of its own (use {@link #ADMIN} when any admin will do). */
  public String admin() {
    return withRoles(null, Role.ADMIN);
  }

  /**
   * @param operatorId required when roles include OPERATOR, otherwise may be null; a key with the BOT role
   *     serves channel {@code test-channel} (use {@link #bot} to choose), one with CHANNEL_MANAGER manages it
   */
  public String withRoles(String operatorId, Role... roles) {
    String userId = "test-user-" + UUID.randomUUID();
    Set<String> channelIds =
        Set.of(roles).contains(Role.BOT) || Set.of(roles).contains(Role.CHANNEL_MANAGER) ? Set.of("test-channel") : null;
    return apiKeys
        .create(new ApiKeyRequest(userId, "Test " + userId, Set.of(roles), operatorId, "test", channelIds), "test")
        .key();
  }

  /** Headers with the bearer key, JSON in and out. */
  public static HttpHeaders bearer(String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(token);
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
    return headers;
  }

  public static HttpEntity<Void> request(String token) {
    return new HttpEntity<>(bearer(token));
  }

  public static <T> HttpEntity<T> request(String token, T body) {
    return new HttpEntity<>(body, bearer(token));
  }

  /** A JSON request without any Authorization header, for the 401 cases. */
  public static <T> HttpEntity<T> anonymous(T body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }
}
