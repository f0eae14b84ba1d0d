package dev.openlines.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.AdminApi;
import dev.openlines.testing.ApiTokens;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChannelAdminApiTest {

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ChannelRepository channels;
  @Autowired ConversationRepository conversations;
  @Autowired MongoTemplate mongo;
  @Autowired Clock clock;

  String id = "ch-" + UUID.randomUUID().toString().substring(0, 8);

  Map<String, Object> channel(String channelId, String idleTime) {
    Map<String, Object> channel = new java.util.HashMap<>();
    channel.put("id", channelId);
    channel.putAll(Map.of(
        "name", "Support",
        "timeZone", "Europe/Berlin",
        "queue", Map.of(
            "entries", List.of(Map.of("kind", "OPERATOR", "id", "anna")),
            "mode", "STRICT",
            "idleTime", idleTime,
            "chatLimit", 3,
            "limitExclusion", "CLOSED",
            "checkAvailability", true)));
    return channel;
  }

  @BeforeEach
  void annaExists() {
    new AdminApi(http).ensureOperators(channel(id, "PT2M"));
  }

  ResponseEntity<JsonNode> call(HttpMethod method, String path, String token, Object body) {
    HttpEntity<?> entity = token == null ? ApiTokens.anonymous(body) : ApiTokens.request(token, body);
    return http.exchange(path, method, entity, JsonNode.class);
  }

  @Test
  void anAdminCreatesChangesAndDeletesAChannel() {
    ResponseEntity<JsonNode> created = call(HttpMethod.POST, "/api/admin/channels", ApiTokens.ADMIN, channel(id, "PT2M"));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getHeaders().getLocation()).hasToString("/api/admin/channels/" + id);
    assertThat(created.getBody().at("/queue/mode").asText()).isEqualTo("STRICT");
    assertThat(channels.findById(id)).isPresent();

    ResponseEntity<JsonNode> taken = call(HttpMethod.POST, "/api/admin/channels", ApiTokens.ADMIN, channel(id, "PT2M"));
    assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(taken.getBody().get("detail").asText())
        .isEqualTo("An open channel with id '" + id + "' already exists: choose another id or change that one");

    ResponseEntity<JsonNode> changed = call(HttpMethod.PUT, "/api/admin/channels/" + id, ApiTokens.ADMIN, channel(null, "PT5M"));
    assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(channels.findById(id).orElseThrow().getQueue().idleTime()).hasMinutes(5);
    assertThat(dev.openlines.testing.Pages.all(http, "/api/admin/channels?limit=500", ApiTokens.ADMIN).findValuesAsText("id")).contains(id);

    assertThat(call(HttpMethod.DELETE, "/api/admin/channels/" + id, ApiTokens.ADMIN, null).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(channels.findById(id)).isEmpty();
    ResponseEntity<JsonNode> gone = call(HttpMethod.GET, "/api/admin/channels/" + id, ApiTokens.ADMIN, null);
    assertThat(gone.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(gone.getBody().get("detail").asText()).isEqualTo("No open channel with id '" + id + "'");
  }

  @Test
  void theRatingWaitCrmAndOffHoursSettingsAreSavedNotIgnored() {
    Map<String, Object> request = channel(id, "PT2M");
    request.put("closing", Map.of("ratingWait", "PT10M", "closeOnRating", true));
    request.put("crm", Map.of("leadCreation", "OFF", "routeToResponsible", false, "changeResponsibleOnTransfer", true));
    request.put("queueOutsideWorkingHours", true);

    ResponseEntity<JsonNode> created = call(HttpMethod.POST, "/api/admin/channels", ApiTokens.ADMIN, request);

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody().at("/closing/ratingWait").asText()).isEqualTo("PT10M");
    OpenChannel stored = channels.findById(id).orElseThrow();
    assertThat(stored.getClosing()).isEqualTo(new ClosingSettings(java.time.Duration.ofMinutes(10), true));
    assertThat(stored.getCrm()).isEqualTo(new dev.openlines.channel.CrmSettings(dev.openlines.channel.LeadCreationMode.OFF, false, true));
    assertThat(stored.isQueueOutsideWorkingHours()).isTrue();

    request.put("closing", Map.of("ratingWait", "PT61M", "closeOnRating", true));
    ResponseEntity<JsonNode> tooLong = call(HttpMethod.PUT, "/api/admin/channels/" + id, ApiTokens.ADMIN, request);
    assertThat(tooLong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooLong.getBody().get("detail").asText()).contains("the rating wait is at most 60 minutes");
    assertThat(channels.findById(id).orElseThrow().getClosing().ratingWait()).hasMinutes(10);

    ResponseEntity<JsonNode> plain = call(HttpMethod.PUT, "/api/admin/channels/" + id, ApiTokens.ADMIN, channel(null, "PT2M"));
    assertThat(plain.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(channels.findById(id).orElseThrow().getClosing()).isEqualTo(ClosingSettings.defaults());
  }

  /** A problem names the field as the caller wrote it: a map key plainly, under the groups that hold it. */
  @Test
  void aBadRatingRequestIsNamedByTheKeyTheCallerSent() {
    call(HttpMethod.POST, "/api/admin/channels", ApiTokens.ADMIN, channel(id, "PT2M"));
    Map<String, Object> request = channel(null, "PT2M");
    request.put("closing", Map.of("ratingWait", "PT10M", "ratingRequests", Map.of("pigeon", "x")));

    ResponseEntity<JsonNode> bad = call(HttpMethod.PUT, "/api/admin/channels/" + id, ApiTokens.ADMIN, request);

    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().get("errors").findValuesAsText("field")).containsExactly("closing.ratingRequests.pigeon");
    assertThat(channels.findById(id).orElseThrow().getClosing()).isEqualTo(ClosingSettings.defaults());
  }

  @Test
  void invalidSettingsAreNamedAndNothingIsStored() {
    Map<String, Object> invalid = channel("Bad Id!", "PT10S");
    ResponseEntity<JsonNode> bad = call(HttpMethod.POST, "/api/admin/channels", ApiTokens.ADMIN, invalid);

    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().get("errors").findValuesAsText("field")).contains("id", "queue.idleTime");
    assertThat(channels.findById("Bad Id!")).isEmpty();

    call(HttpMethod.POST, "/api/admin/channels", ApiTokens.ADMIN, channel(id, "PT2M"));
    ResponseEntity<JsonNode> badChange = call(HttpMethod.PUT, "/api/admin/channels/" + id, ApiTokens.ADMIN, channel(null, "PT13H"));
    assertThat(badChange.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    // A channel keeps a name: only a new one is named automatically.
    Map<String, Object> unnamed = channel(null, "PT2M");
    unnamed.put("name", "");
    ResponseEntity<JsonNode> noName = call(HttpMethod.PUT, "/api/admin/channels/" + id, ApiTokens.ADMIN, unnamed);
    assertThat(noName.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noName.getBody().get("errors").findValuesAsText("field")).contains("name");
    assertThat(channels.findById(id).orElseThrow().getQueue().idleTime()).hasMinutes(2);
  }

  @Test
  void aValueInTheWrongFormatOrAnUnknownFieldIsNamedWithWhatToWriteAndNothingIsStored() {
    call(HttpMethod.POST, "/api/admin/channels", ApiTokens.ADMIN, channel(id, "PT2M"));

    Map<String, Object> badZone = channel(id, "PT2M");
    badZone.put("timeZone", "Mars/Base");
    assertThat(problem(call(HttpMethod.PUT, "/api/admin/channels/" + id, ApiTokens.ADMIN, badZone)))
        .isEqualTo("timeZone must be a time zone such as Europe/Berlin, not 'Mars/Base'");
    assertThat(problem(call(HttpMethod.PUT, "/api/admin/channels/" + id, ApiTokens.ADMIN, channel(id, "2 minutes"))))
        .isEqualTo("queue.idleTime must be an ISO-8601 duration such as PT2M or PT1H30M, not '2 minutes'");
    Map<String, Object> misspelt = channel(id, "PT5M");
    misspelt.put("timezone", "Asia/Tokyo");
    assertThat(problem(call(HttpMethod.PUT, "/api/admin/channels/" + id, ApiTokens.ADMIN, misspelt)))
        .startsWith("timezone is not a field of this request; the known fields here are ")
        .contains("timeZone", "queue");

    assertThat(channels.findById(id).orElseThrow().getQueue().idleTime()).hasMinutes(2);
    assertThat(channels.findById(id).orElseThrow().getTimeZone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
  }

  @Test
  void aQueueNamingAnOperatorOrDepartmentThatDoesNotExistIsRefusedAndNothingIsStored() {
    Map<String, Object> typo = channel(id, "PT2M");
    typo.put("queue", Map.of(
        "entries", List.of(Map.of("kind", "OPERATOR", "id", "anna"), Map.of("kind", "OPERATOR", "id", "anan"),
            Map.of("kind", "DEPARTMENT", "id", "no-such-department")),
        "mode", "STRICT", "idleTime", "PT2M", "limitExclusion", "CLOSED", "checkAvailability", true));

    ResponseEntity<JsonNode> refused = call(HttpMethod.POST, "/api/admin/channels", ApiTokens.ADMIN, typo);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("errors").findValuesAsText("field")).containsExactly("queue.entries[1].id", "queue.entries[2].id");
    assertThat(refused.getBody().get("detail").asText())
        .contains("names no operator: create operator 'anan' first (POST /api/admin/operators) or remove the entry")
        .contains("names no department: create department 'no-such-department' first");
    assertThat(channels.findById(id)).isEmpty();

    call(HttpMethod.POST, "/api/admin/channels", ApiTokens.ADMIN, channel(id, "PT2M"));
    assertThat(call(HttpMethod.PUT, "/api/admin/channels/" + id, ApiTokens.ADMIN, typo).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(channels.findById(id).orElseThrow().getQueue().entries()).extracting(QueueEntry::id).containsExactly("anna");
  }

  /** The one field problem of a 400, as "field message". */
  private static String problem(ResponseEntity<JsonNode> response) {
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode error = response.getBody().get("errors").get(0);
    return error.get("field").asText() + " " + error.get("message").asText();
  }

  @Test
  void aChannelWithLiveConversationsIsNotDeleted() {
    call(HttpMethod.POST, "/api/admin/channels", ApiTokens.ADMIN, channel(id, "PT2M"));
    String conversation = "conv-" + UUID.randomUUID();
    conversations.save(new Conversation(conversation, id, "test", "client", clock.instant()));

    ResponseEntity<JsonNode> refused = call(HttpMethod.DELETE, "/api/admin/channels/" + id, ApiTokens.ADMIN, null);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody().get("detail").asText()).contains("1 live conversation").contains("close or transfer");
    assertThat(channels.findById(id)).isPresent();

    mongo.updateFirst(Query.query(Criteria.where("_id").is(conversation)), Update.update("status", ConversationStatus.CLOSED), Conversation.class);
    assertThat(call(HttpMethod.DELETE, "/api/admin/channels/" + id, ApiTokens.ADMIN, null).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void onlyAdminsChangeChannels() {
    ApiTokens tokens = new ApiTokens(apiKeys);
    assertThat(call(HttpMethod.POST, "/api/admin/channels", null, channel(id, "PT2M")).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(call(HttpMethod.POST, "/api/admin/channels", tokens.supervisor(), channel(id, "PT2M")).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(HttpMethod.GET, "/api/admin/channels", tokens.operator("op-x"), null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(channels.findById(id)).isEmpty();
  }
}
