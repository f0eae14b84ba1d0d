package dev.openlines.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A process test's cast, each acting where production acts: the administrator sets up operators and
 * channels through the admin API, operators go online and work through their own API
 * ({@link OperatorJourney}), clients write through the live chat's public endpoints or through ingestion
 * ({@link ClientConversations}, where a test needs the test messenger's failures). Nothing is
 * seeded in the store or the engine. Ids carry a prefix of their own, so tests sharing a context (and its
 * chat tracker) never meet.
 */
public final class SupportDesk {

  public static final Duration WAIT = Duration.ofSeconds(90);

  private final TestRestTemplate http;
  private final ApiKeyService apiKeys;
  private final RoutingService routing;
  private final ConversationRepository conversations;
  private final AdminApi admin;
  private final String prefix = UUID.randomUUID().toString().substring(0, 8);

  public SupportDesk(TestRestTemplate http, ApiKeyService apiKeys, RoutingService routing, ConversationRepository conversations) {
    this.http = http;
    this.apiKeys = apiKeys;
    this.routing = routing;
    this.conversations = conversations;
    this.admin = new AdminApi(http);
  }

  public AdminApi admin() {
    return admin;
  }

  /** This desk's variant of a name, unique to the test. */
  public String unique(String name) {
    return prefix + "-" + name;
  }

  /** The admin adds an operator with this display name, who then goes online; the operator's id. */
  public String operator(String name) {
    String id = unique(name.split(" ")[0].toLowerCase());
    ResponseEntity<JsonNode> created = http.exchange("/api/admin/operators", HttpMethod.POST,
        ApiTokens.request(ApiTokens.ADMIN, Map.of("id", id, "name", name)), JsonNode.class);
    assertThat(created.getStatusCode().value()).as("%s", created.getBody()).isEqualTo(201);
    ResponseEntity<JsonNode> online = as(id).call(HttpMethod.PUT, "/api/operators/me/presence", Map.of("presence", "ONLINE"));
    assertThat(online.getStatusCode().is2xxSuccessful()).as("%s", online.getBody()).isTrue();
    return id;
  }

  /**
   * The admin opens a channel whose STRICT queue holds these operators (idle time two minutes);
   * {@code settings} adds or replaces fields of the request (e.g. {@code closing}, {@code crm}); its id.
   */
  public String channel(String name, Map<String, Object> settings, String... operatorIds) {
    Map<String, Object> queue = new HashMap<>(Map.of(
        "entries", List.of(operatorIds).stream().map(id -> Map.of("kind", "OPERATOR", "id", id)).toList(),
        "mode", "STRICT", "idleTime", "PT2M", "limitExclusion", "CLOSED", "checkAvailability", true));
    Map<String, Object> request = new HashMap<>(Map.of("id", unique(name), "name", name, "timeZone", "UTC", "queue", queue));
    request.putAll(settings);
    return admin.createChannel(request);
  }

  public String channel(String name, String... operatorIds) {
    return channel(name, Map.of(), operatorIds);
  }

  /** The admin saves the channel's lifecycle settings (working hours, automatic texts, KPI, timeout). */
  public void lifecycle(String channelId, Map<String, Object> settings) {
    admin.setLifecycle(channelId, settings);
  }

  /** The admin adds a live-chat connector (no consent form) to the channel; its id. */
  public String liveChat(String channelId) {
    String id = unique("chat-" + UUID.randomUUID().toString().substring(0, 8));
    ResponseEntity<JsonNode> created = http.exchange("/api/admin/channels/{channel}/connectors", HttpMethod.POST,
        ApiTokens.request(ApiTokens.ADMIN, Map.of("id", id, "type", "livechat", "liveChat", Map.of("consentRequired", false))),
        JsonNode.class, channelId);
    assertThat(created.getStatusCode().value()).as("%s", created.getBody()).isEqualTo(201);
    return created.getBody().get("id").asText();
  }

  /**
   * A visitor of the site opens the live chat with these details (name, phone, email; none for an
   * anonymous one) and writes, through the widget's public endpoints; the conversation it opened.
   */
  public String visitorWrites(String liveChatId, Map<String, String> details, String text) {
    ResponseEntity<JsonNode> chat = http.exchange("/livechat/{connector}/chats", HttpMethod.POST, ApiTokens.anonymous(details),
        JsonNode.class, liveChatId);
    assertThat(chat.getStatusCode().is2xxSuccessful()).as("%s", chat.getBody()).isTrue();
    HttpHeaders visitor = new HttpHeaders();
    visitor.setContentType(MediaType.APPLICATION_JSON);
    visitor.set("X-LiveChat-Token", chat.getBody().get("token").asText());
    ResponseEntity<JsonNode> accepted = http.exchange("/livechat/messages", HttpMethod.POST,
        new HttpEntity<>(Map.of("clientMessageId", UUID.randomUUID().toString(), "text", text), visitor),
        JsonNode.class);
    assertThat(accepted.getStatusCode().value()).as("%s", accepted.getBody()).isEqualTo(202);
    return accepted.getBody().get("conversationId").asText();
  }

  /** The conversation's process, once it linked itself to the conversation. */
  public long processOf(String conversationId) {
    return await().atMost(WAIT).until(
        () -> conversations.findById(conversationId).map(Conversation::getProcessInstanceKey).orElse(null), Objects::nonNull);
  }

  /** The operator acting through the operator API. */
  public OperatorJourney as(String operatorId) {
    return new OperatorJourney(http, apiKeys, routing, conversations, operatorId);
  }

  /** Waits until the conversation is offered to this operator, who answers it. */
  public OperatorJourney answers(String operatorId, String conversationId) {
    OperatorJourney operator = as(operatorId);
    operator.awaitOffer(conversationId);
    operator.answer(conversationId);
    return operator;
  }

  /** The operators the conversation is offered to right now. */
  public List<String> openOffers(String conversationId) {
    return routing.offers(conversationId).stream().filter(o -> o.status() == OfferStatus.OFFERED).map(Offer::operatorId).toList();
  }
}
