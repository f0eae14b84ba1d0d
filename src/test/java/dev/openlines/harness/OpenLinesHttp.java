package dev.openlines.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The public HTTP API of a running OpenLines, as docs/walkthrough.md uses it: admin set-up, operator
 * presence and inbox, the live-chat visitor. Every call returns the status and the JSON body; it throws only
 * when no answer came (connection refused or reset, timeout), which is what a killed server gives.
 */
public final class OpenLinesHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http;
  private final Duration timeout;

  public OpenLinesHttp(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Status and JSON body of one answer. */
  public record Answer(int status, JsonNode body) {
    public boolean ok() {
      return status / 100 == 2;
    }

    public Answer require2xx(String what) {
      if (!ok()) {
        throw new IllegalStateException(what + " answered " + status + ": " + body);
      }
      return this;
    }

    public String text(String field) {
      return body.path(field).asText(null);
    }
  }

  public Answer get(String path, String key) throws IOException, InterruptedException {
    return send(request(path, key).GET().build());
  }

  public Answer post(String path, String key, Object body) throws IOException, InterruptedException {
    return send(json(request(path, key), "POST", body));
  }

  public Answer put(String path, String key, Object body) throws IOException, InterruptedException {
    return send(json(request(path, key), "PUT", body));
  }

  /** A POST of a JSON document as it is (a messenger's webhook) with one header (its signature or secret). */
  public Answer postWithHeader(String path, String header, String value, String json) throws IOException, InterruptedException {
    return send(request(path, null).header(header, value).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** An operator's reply named by an Idempotency-Key, as the console sends it. */
  public Answer reply(String operatorKey, String conversationId, String text, String idempotencyKey)
      throws IOException, InterruptedException {
    return send(json(request("/api/conversations/" + conversationId + "/messages", operatorKey)
        .header("Idempotency-Key", idempotencyKey), "POST", Map.of("text", text)));
  }

  private HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    return builder;
  }

  private static HttpRequest json(HttpRequest.Builder builder, String method, Object body) {
    try {
      return builder.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
          .build();
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  private static Answer answer(HttpResponse<String> response) {
    String body = response.body();
    try {
      return new Answer(response.statusCode(), body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body));
    } catch (IOException e) {
      return new Answer(response.statusCode(), JSON.getNodeFactory().textNode(body));
    }
  }

  // ---- set-up as an admin (docs/walkthrough.md) ----

  public void createOperator(String adminKey, String operatorId) throws IOException, InterruptedException {
    post("/api/admin/operators", adminKey, Map.of("id", operatorId, "name", operatorId)).require2xx("create operator " + operatorId);
  }

  /**
   * An open channel handing conversations EVENLY to the operators.
   *
   * @param chatLimit null for no limit
   */
  public void createEvenlyChannel(String adminKey, String channelId, List<String> operatorIds, Duration idleTime, Integer chatLimit)
      throws IOException, InterruptedException {
    List<Map<String, String>> entries = new ArrayList<>();
    operatorIds.forEach(id -> entries.add(Map.of("kind", "OPERATOR", "id", id)));
    Map<String, Object> queue = new java.util.LinkedHashMap<>();
    queue.put("entries", entries);
    queue.put("mode", "EVENLY");
    queue.put("idleTime", idleTime.toString());
    queue.put("limitExclusion", "CLOSED");
    queue.put("checkAvailability", true);
    if (chatLimit != null) {
      queue.put("chatLimit", chatLimit);
    }
    post("/api/admin/channels", adminKey, Map.of("id", channelId, "name", channelId, "timeZone", "UTC", "queue", queue,
            "closing", Map.of("ratingWait", "PT0S")))
        .require2xx("create channel " + channelId);
  }

  public void createLiveChatConnector(String adminKey, String channelId, String connectorId) throws IOException, InterruptedException {
    post("/api/admin/channels/" + channelId + "/connectors", adminKey,
            Map.of("id", connectorId, "type", "livechat", "liveChat", Map.of("consentRequired", false),
                // The load comes from one address (this test): the per-address abuse limits are raised for it.
                "rateLimits", Map.of("chatStartsPerMinutePerAddress", 100_000, "messagesPerMinutePerAddress", 100_000,
                    "messagesPerMinutePerSession", 100_000, "maxWaitingConversations", 100_000)))
        .require2xx("create live-chat connector " + connectorId);
  }

  /** A new OPERATOR key acting as the operator; the secret is only in this answer. */
  public String createOperatorKey(String adminKey, String operatorId) throws IOException, InterruptedException {
    return post("/api/admin/api-keys", adminKey,
            Map.of("userId", operatorId, "displayName", operatorId, "roles", List.of("OPERATOR"), "operatorId", operatorId))
        .require2xx("create key for " + operatorId)
        .text("key");
  }

  public void goOnline(String operatorKey) throws IOException, InterruptedException {
    put("/api/operators/me/presence", operatorKey, Map.of("presence", "ONLINE")).require2xx("presence ONLINE");
  }

  // ---- the live-chat visitor ----

  /** Starts a live chat; returns the visitor's session token. */
  public Answer startChat(String connectorId, String name) throws IOException, InterruptedException {
    return post("/livechat/" + connectorId + "/chats", null, Map.of("name", name));
  }

  public Answer sendAsVisitor(String token, String clientMessageId, String text) throws IOException, InterruptedException {
    return send(json(request("/livechat/messages", null).header("X-LiveChat-Token", token), "POST",
        Map.of("clientMessageId", clientMessageId, "text", text)));
  }

  // ---- the operator ----

  public JsonNode inbox(String operatorKey) throws IOException, InterruptedException {
    return get("/api/operators/me/inbox", operatorKey).require2xx("inbox").body();
  }

  public Answer messages(String operatorKey, String conversationId) throws IOException, InterruptedException {
    return get("/api/conversations/" + conversationId + "/messages", operatorKey);
  }

  // ---- the supervisor ----

  /** A new SUPERVISOR key; the secret is only in this answer. */
  public String createSupervisorKey(String adminKey, String userId) throws IOException, InterruptedException {
    return post("/api/admin/api-keys", adminKey, Map.of("userId", userId, "displayName", userId, "roles", List.of("SUPERVISOR")))
        .require2xx("create supervisor key " + userId)
        .text("key");
  }

  /** Every message of a conversation, whoever holds it or is offered it right now. */
  public Answer transcript(String supervisorKey, String conversationId) throws IOException, InterruptedException {
    return get("/api/supervisor/conversations/" + conversationId + "/messages", supervisorKey);
  }
}
