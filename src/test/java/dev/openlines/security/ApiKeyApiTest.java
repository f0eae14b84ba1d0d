package dev.openlines.security;

import static dev.openlines.testing.ApiTokens.ADMIN;
import static dev.openlines.testing.ApiTokens.anonymous;
import static dev.openlines.testing.ApiTokens.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.testing.ApiTokens;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiKeyApiTest {

  private static final String KEYS = "/api/admin/api-keys";

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired MongoTemplate mongo;
  @Autowired ObjectMapper json;
  @Autowired OperatorService operators;

  /** An operator who exists, as an OPERATOR key must name one. */
  private String existingOperator(String name) {
    String id = name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    operators.create(new Operator(id, name, java.util.Set.of()));
    return id;
  }

  @Test
  void adminCreatesAKeyWhoseSecretIsShownOnceAndStoredOnlyAsAHash() throws Exception {
    String anna = existingOperator("op-anna");
    ResponseEntity<String> created =
        post(
            ADMIN,
            """
            {"userId":"anna","displayName":"Anna Operator","roles":["OPERATOR","SUPERVISOR"],
             "operatorId":"%s","label":"Anna's laptop"}
            """.formatted(anna));

    assertThat(created.getStatusCode().value()).isEqualTo(201);
    JsonNode body = json.readTree(created.getBody());
    String secret = body.get("key").asText();
    String id = body.at("/apiKey/id").asText();
    assertThat(secret).matches("olk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}");
    assertThat(created.getHeaders().getLocation()).hasToString(KEYS + "/" + id);
    assertThat(body.at("/apiKey/keyId").asText()).isEqualTo(secret.substring(4, 16));
    assertThat(body.at("/apiKey/createdBy").asText()).isEqualTo(InitialAdminKey.USER_ID);

    JsonNode me = json.readTree(http.exchange("/api/me", HttpMethod.GET, request(secret), String.class).getBody());
    assertThat(me.get("userId").asText()).isEqualTo("anna");
    assertThat(me.get("operatorId").asText()).isEqualTo(anna);
    assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactlyInAnyOrder("OPERATOR", "SUPERVISOR");

    Document stored = mongo.getCollection("api_keys").find(new Document("_id", id)).first();
    assertThat(stored.toJson()).doesNotContain(secret.substring(17));
    assertThat(stored.getString("secretHash")).isEqualTo(ApiKeyToken.hash(secret)).hasSize(64);

    String list = allKeys();
    assertThat(list).contains(id).doesNotContain(secret.substring(17)).doesNotContain("secretHash");
  }

  @Test
  void aBotKeySeesWhoItIsAndWhichChannelsItServes() throws Exception {
    String bot = new ApiTokens(apiKeys).bot("channel-a", "channel-b");

    var response = http.exchange("/api/me", HttpMethod.GET, request(bot), String.class);

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    JsonNode me = json.readTree(response.getBody());
    assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("BOT");
    assertThat(me.get("channelIds")).extracting(JsonNode::asText).containsExactlyInAnyOrder("channel-a", "channel-b");
  }

  /** docs/api.md: any role may ask who it is; each sees its own roles and, where its role has them, operator or channels. */
  @Test
  void everyRoleSeesItsOwnKeyUnderApiMe() throws Exception {
    ApiTokens tokens = new ApiTokens(apiKeys);
    String operatorId = existingOperator("op-me");
    Map<Role, String> keys = Map.of(
        Role.OPERATOR, tokens.operator(operatorId),
        Role.SUPERVISOR, tokens.supervisor(),
        Role.ADMIN, tokens.admin(),
        Role.BOT, tokens.bot("channel-me"),
        Role.CHANNEL_MANAGER, tokens.withRoles(null, Role.CHANNEL_MANAGER));

    for (Map.Entry<Role, String> key : keys.entrySet()) {
      ResponseEntity<String> response = http.exchange("/api/me", HttpMethod.GET, request(key.getValue()), String.class);
      assertThat(response.getStatusCode().value()).as("%s: %s", key.getKey(), response.getBody()).isEqualTo(200);
      JsonNode me = json.readTree(response.getBody());
      assertThat(me.get("roles")).extracting(JsonNode::asText).as("%s", key.getKey()).containsExactly(key.getKey().name());
      assertThat(me.get("operatorId").asText(null)).as("%s", key.getKey())
          .isEqualTo(key.getKey() == Role.OPERATOR ? operatorId : null);
      List<String> channels = switch (key.getKey()) {
        case BOT -> List.of("channel-me");
        case CHANNEL_MANAGER -> List.of("test-channel");
        default -> List.of();
      };
      assertThat(me.get("channelIds")).extracting(JsonNode::asText).as("%s", key.getKey()).containsExactlyElementsOf(channels);
    }
  }

  @Test
  void listShowsWhenAKeyWasLastUsed() throws Exception {
    String token = new ApiTokens(apiKeys).supervisor();
    String keyId = ApiKeyToken.keyIdOf(token);
    assertThat(listed(keyId).get("lastUsedAt").isNull()).isTrue();

    http.exchange("/api/me", HttpMethod.GET, request(token), String.class);

    assertThat(listed(keyId).get("lastUsedAt").isNull()).isFalse();
  }

  @Test
  void revokedKeyIsRejectedAndRevokingAgainIsHarmless() throws Exception {
    String token = new ApiTokens(apiKeys).operator("op-revoked");
    String id = listed(ApiKeyToken.keyIdOf(token)).get("id").asText();
    assertThat(http.exchange("/api/me", HttpMethod.GET, request(token), String.class).getStatusCode().value())
        .isEqualTo(200);

    assertThat(delete(ADMIN, id).getStatusCode().value()).isEqualTo(204);

    ResponseEntity<String> rejected = http.exchange("/api/me", HttpMethod.GET, request(token), String.class);
    assertThat(rejected.getStatusCode().value()).isEqualTo(401);
    assertThat(json.readTree(rejected.getBody()).get("detail").asText()).contains("unknown or revoked");
    JsonNode revoked = listed(ApiKeyToken.keyIdOf(token));
    assertThat(revoked.get("revokedAt").isNull()).isFalse();

    assertThat(delete(ADMIN, id).getStatusCode().value()).isEqualTo(204);
    assertThat(listed(ApiKeyToken.keyIdOf(token)).get("revokedAt")).isEqualTo(revoked.get("revokedAt"));
  }

  @Test
  void revokingAnUnknownKeyIs404() throws Exception {
    ResponseEntity<String> response = delete(ADMIN, "no-such-key");
    assertThat(response.getStatusCode().value()).isEqualTo(404);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(json.readTree(response.getBody()).get("detail").asText()).isEqualTo("API key 'no-such-key' does not exist.");
  }

  @Test
  void onlyAdminsManageKeys() throws Exception {
    ApiTokens tokens = new ApiTokens(apiKeys);
    String[] nonAdmins = {tokens.operator("op-1"), tokens.supervisor()};
    long before = keyCount();
    for (String token : nonAdmins) {
      ResponseEntity<String> denied = post(token, validRequest("mallory"));
      assertThat(denied.getStatusCode().value()).isEqualTo(403);
      assertThat(denied.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(json.readTree(denied.getBody()).get("detail").asText()).contains("role");
      assertThat(http.exchange(KEYS, HttpMethod.GET, request(token), String.class).getStatusCode().value())
          .isEqualTo(403);
    }
    assertThat(keyCount()).isEqualTo(before);
  }

  @Test
  void withoutAKeyTheAnswerIs401AndNothingChanges() throws Exception {
    long before = keyCount();
    ResponseEntity<String> response = http.exchange(KEYS, HttpMethod.POST, anonymous(validRequest("eve")), String.class);

    assertThat(response.getStatusCode().value()).isEqualTo(401);
    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode problem = json.readTree(response.getBody());
    assertThat(problem.get("status").asInt()).isEqualTo(401);
    assertThat(problem.get("detail").asText()).contains("Authorization: Bearer <key>");
    assertThat(problem.get("instance").asText()).isEqualTo(KEYS);
    assertThat(keyCount()).isEqualTo(before);
  }

  @Test
  void anUnknownOrEmptyBearerKeyIs401() {
    for (String header : new String[] {"Bearer " + ApiKeyToken.generate(), "Bearer ", "Bearer not-a-key"}) {
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.AUTHORIZATION, header);
      ResponseEntity<String> response =
          http.exchange("/api/me", HttpMethod.GET, new org.springframework.http.HttpEntity<>(headers), String.class);
      assertThat(response.getStatusCode().value()).as(header).isEqualTo(401);
      assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).contains("invalid_token");
    }
  }

  @Test
  void operationalEndpointsBeyondHealthNeedAnAdminOrSupervisorKey() {
    ApiTokens tokens = new ApiTokens(apiKeys);
    assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode().value()).isEqualTo(200);
    assertThat(http.getForEntity("/actuator/metrics", String.class).getStatusCode().value()).isEqualTo(401);
    assertThat(status("/actuator/metrics", tokens.operator("op-metrics"))).isEqualTo(403);
    assertThat(status("/actuator/metrics", tokens.supervisor())).isEqualTo(200);
    assertThat(status("/actuator/metrics", ADMIN)).isEqualTo(200);
  }

  @Test
  void liveChatAndWebhooksAreLeftToTheirOwnAuthentication() {
    String foreign = "visitor-session-token";
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(foreign);
    // The bearer value is not judged as an API key there: the connectors answer by their own schemes.
    ResponseEntity<String> liveChat =
        http.exchange("/livechat/session", HttpMethod.GET, new org.springframework.http.HttpEntity<>(headers), String.class);
    ResponseEntity<String> webhook =
        http.exchange("/webhooks/telegram/line-1", HttpMethod.POST, new org.springframework.http.HttpEntity<>("{}", headers), String.class);

    assertThat(liveChat.getStatusCode().value()).isEqualTo(401);
    assertThat(liveChat.getBody()).contains("X-LiveChat-Token");
    assertThat(webhook.getStatusCode().value()).isEqualTo(404);
    assertThat(webhook.getBody()).contains("No Telegram connector line-1");
    for (ResponseEntity<String> response : List.of(liveChat, webhook)) {
      assertThat(String.valueOf(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))).doesNotContain("invalid_token");
    }
    ResponseEntity<String> api =
        http.exchange("/api/me", HttpMethod.GET, new org.springframework.http.HttpEntity<>(headers), String.class);
    assertThat(api.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).contains("invalid_token");
  }

  @Test
  void invalidFieldsAreListedAndNothingIsCreated() throws Exception {
    long before = keyCount();
    ResponseEntity<String> response = post(ADMIN, "{\"userId\":\" bad id\",\"roles\":[]}");

    assertThat(response.getStatusCode().value()).isEqualTo(400);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode problem = json.readTree(response.getBody());
    assertThat(problem.get("errors"))
        .extracting(e -> e.get("field").asText())
        .containsExactlyInAnyOrder("userId", "displayName", "roles");
    assertThat(problem.get("detail").asText())
        .startsWith("Fix these 3 fields:")
        .contains("roles must list at least one of OPERATOR, SUPERVISOR, ADMIN, BOT");
    assertThat(keyCount()).isEqualTo(before);
  }

  @Test
  void anOperatorKeyNeedsAnOperatorId() throws Exception {
    long before = keyCount();
    ResponseEntity<String> response =
        post(ADMIN, "{\"userId\":\"olga\",\"displayName\":\"Olga\",\"roles\":[\"OPERATOR\"]}");

    assertThat(response.getStatusCode().value()).isEqualTo(400);
    JsonNode error = json.readTree(response.getBody()).get("errors").get(0);
    assertThat(error.get("field").asText()).isEqualTo("operatorId");
    assertThat(error.get("message").asText()).contains("required when roles include OPERATOR");
    assertThat(keyCount()).isEqualTo(before);
  }

  @Test
  void anOperatorKeyMustNameAnOperatorWhoExistsAndIsNotDismissed() throws Exception {
    String dismissed = existingOperator("op-gone");
    operators.dismiss(dismissed);
    long before = keyCount();

    ResponseEntity<String> unknown =
        post(ADMIN, "{\"userId\":\"olga\",\"displayName\":\"Olga\",\"roles\":[\"OPERATOR\"],\"operatorId\":\"op-nobody\"}");
    ResponseEntity<String> gone =
        post(ADMIN, "{\"userId\":\"olga\",\"displayName\":\"Olga\",\"roles\":[\"OPERATOR\"],\"operatorId\":\"" + dismissed + "\"}");

    assertThat(unknown.getStatusCode().value()).isEqualTo(400);
    assertThat(json.readTree(unknown.getBody()).get("detail").asText())
        .isEqualTo("Fix this field: operatorId names no operator: create operator 'op-nobody' first (POST /api/admin/operators).");
    assertThat(gone.getStatusCode().value()).isEqualTo(400);
    assertThat(json.readTree(gone.getBody()).get("detail").asText()).contains("who is dismissed");
    assertThat(keyCount()).isEqualTo(before);
  }

  @Test
  void aKeyIsRevokedByItsKeyIdAsWellAsItsId() throws Exception {
    String token = new ApiTokens(apiKeys).supervisor();

    assertThat(delete(ADMIN, ApiKeyToken.keyIdOf(token)).getStatusCode().value()).isEqualTo(204);

    assertThat(listed(ApiKeyToken.keyIdOf(token)).get("revokedAt").isNull()).isFalse();
    assertThat(http.exchange("/api/me", HttpMethod.GET, request(token), String.class).getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void theLastActiveAdminKeyIsNotRevoked() throws Exception {
    String adminKeyId = ApiKeyToken.keyIdOf(ADMIN);
    // Other test classes share this store and made admin keys of their own: set them aside for a moment.
    var othersActive = Query.query(Criteria.where("roles").is("ADMIN").and("revokedAt").is(null).and("keyId").ne(adminKeyId));
    List<String> others = mongo.find(othersActive, ApiKey.class).stream().map(ApiKey::id).toList();
    mongo.updateMulti(Query.query(Criteria.where("_id").in(others)), Update.update("revokedAt", java.time.Instant.EPOCH), ApiKey.class);
    try {
      ResponseEntity<String> refused = delete(ADMIN, adminKeyId);

      assertThat(refused.getStatusCode().value()).isEqualTo(409);
      assertThat(json.readTree(refused.getBody()).get("detail").asText())
          .contains("is the last active ADMIN key: create another ADMIN key before revoking it");
      assertThat(listed(adminKeyId).get("revokedAt").isNull()).isTrue();
    } finally {
      mongo.updateMulti(Query.query(Criteria.where("_id").in(others)), new Update().unset("revokedAt"), ApiKey.class);
    }
  }

  @Test
  void anUnknownRoleIsNamedWithTheAcceptedOnes() throws Exception {
    long before = keyCount();
    ResponseEntity<String> response =
        post(ADMIN, "{\"userId\":\"king\",\"displayName\":\"King\",\"roles\":[\"KING\"]}");

    assertThat(response.getStatusCode().value()).isEqualTo(400);
    JsonNode error = json.readTree(response.getBody()).get("errors").get(0);
    assertThat(error.get("field").asText()).startsWith("roles");
    assertThat(error.get("message").asText()).isEqualTo("must be one of [OPERATOR, SUPERVISOR, ADMIN, BOT, CHANNEL_MANAGER], not 'KING'");
    assertThat(keyCount()).isEqualTo(before);
  }

  @Test
  void malformedJsonIs400WithTheLocation() throws Exception {
    long before = keyCount();
    ResponseEntity<String> response = post(ADMIN, "{\"userId\": \"x\",,}");

    assertThat(response.getStatusCode().value()).isEqualTo(400);
    JsonNode problem = json.readTree(response.getBody());
    assertThat(problem.get("title").asText()).isEqualTo("Malformed JSON");
    assertThat(problem.get("detail").asText()).startsWith("The request body is not valid JSON at line 1, column");
    assertThat(keyCount()).isEqualTo(before);
  }

  @Test
  void unknownApiPathsAre404ProblemsForAuthenticatedCallers() throws Exception {
    ResponseEntity<String> response = http.exchange("/api/no-such-thing", HttpMethod.GET, request(ADMIN), String.class);
    assertThat(response.getStatusCode().value()).isEqualTo(404);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void roleNameConstantsMatchTheRoles() {
    assertThat(Map.of("OPERATOR", Role.Names.OPERATOR, "SUPERVISOR", Role.Names.SUPERVISOR, "ADMIN", Role.Names.ADMIN, "BOT", Role.Names.BOT,
        "CHANNEL_MANAGER", Role.Names.CHANNEL_MANAGER))
        .allSatisfy((name, constant) -> assertThat(Role.valueOf(constant).name()).isEqualTo(name));
    assertThat(Role.values()).hasSize(5);
  }

  private int status(String path, String token) {
    return http.exchange(path, HttpMethod.GET, request(token), String.class).getStatusCode().value();
  }

  private ResponseEntity<String> post(String token, String body) {
    return http.exchange(KEYS, HttpMethod.POST, request(token, body), String.class);
  }

  private ResponseEntity<String> delete(String token, String id) {
    return http.exchange(KEYS + "/" + id, HttpMethod.DELETE, request(token), String.class);
  }

  /** Every page of the key list (tests sharing the context add keys). */
  private String allKeys() {
    return dev.openlines.testing.Pages.all(http, KEYS + "?limit=500", ADMIN).toString();
  }

  private JsonNode listed(String keyId) throws Exception {
    JsonNode list = json.readTree(allKeys());
    for (JsonNode key : list) {
      if (key.get("keyId").asText().equals(keyId)) {
        return key;
      }
    }
    throw new AssertionError("key " + keyId + " not listed");
  }

  private long keyCount() {
    return mongo.getCollection("api_keys").countDocuments();
  }

  private static String validRequest(String userId) {
    return "{\"userId\":\"" + userId + "\",\"displayName\":\"X\",\"roles\":[\"ADMIN\"]}";
  }
}
