package dev.openlines.quickanswer;

import static dev.openlines.testing.ApiTokens.ADMIN;
import static dev.openlines.testing.ApiTokens.anonymous;
import static dev.openlines.testing.ApiTokens.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import java.time.Duration;
import java.time.ZoneId;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuickAnswerApiTest {

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired MongoTemplate mongo;
  @Autowired ObjectMapper json;
  @Autowired ChannelService channels;

  private String channel;
  private String operator;

  @BeforeEach
  void freshChannel() {
    channel = openChannel();
    operator = new ApiTokens(apiKeys).operator("op-quick");
  }

  @Test
  void adminMaintainsTheListAndOperatorsSearchIt() throws Exception {
    String greeting = id(create(ADMIN, "{\"title\":\"Greeting\",\"text\":\"Hello! How can I help you today?\"}"));
    create(ADMIN, "{\"title\":\"Delivery times\",\"text\":\"Parcels arrive within 3 working days.\"}");
    create(ADMIN, "{\"title\":\"Refund (card)\",\"text\":\"Card refunds take 5 days to arrive.\"}");
    String otherChannel = openChannel();
    http.exchange(
        url(otherChannel), HttpMethod.POST, request(ADMIN, "{\"title\":\"Greeting\",\"text\":\"Hi\"}"), String.class);

    assertThat(titles(search(operator, null))).containsExactly("Delivery times", "Greeting", "Refund (card)");
    assertThat(titles(search(operator, "ARRIVE days"))).containsExactly("Delivery times", "Refund (card)");
    assertThat(titles(search(operator, "card ARRIVE"))).containsExactly("Refund (card)");
    assertThat(titles(search(operator, "(card)"))).containsExactly("Refund (card)");
    assertThat(titles(search(operator, "help"))).containsExactly("Greeting");
    assertThat(titles(search(ADMIN, "nothing-like-this"))).isEmpty();

    JsonNode one = json.readTree(get(operator, greeting).getBody());
    assertThat(one.get("text").asText()).isEqualTo("Hello! How can I help you today?");
    assertThat(one.get("source").asText()).isEqualTo("ADMIN");
    assertThat(get(operator, greeting).getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(
            http.exchange(url(otherChannel) + "/" + greeting, HttpMethod.GET, request(operator), String.class)
                .getStatusCode()
                .value())
        .isEqualTo(404);
  }

  @Test
  void aChannelThatDoesNotExistHasNoQuickAnswers() throws Exception {
    String missing = "line-" + UUID.randomUUID();
    long before = mongo.getCollection("quick_answers").countDocuments();

    ResponseEntity<String> created =
        http.exchange(url(missing), HttpMethod.POST, request(ADMIN, "{\"title\":\"Hours\",\"text\":\"9-17\"}"), String.class);
    ResponseEntity<String> saved =
        http.exchange(url(missing) + "/saved-messages", HttpMethod.POST, request(operator, "{\"text\":\"See you\"}"), String.class);
    ResponseEntity<String> listed = http.exchange(url(missing), HttpMethod.GET, request(operator), String.class);

    for (ResponseEntity<String> response : List.of(created, saved, listed)) {
      assertThat(assertProblem(response, 404).get("detail").asText()).isEqualTo("No open channel with id '" + missing + "'");
    }
    assertThat(mongo.getCollection("quick_answers").countDocuments()).isEqualTo(before);
  }

  @Test
  void adminChangesAndDeletesAQuickAnswer() throws Exception {
    String id = id(create(ADMIN, "{\"title\":\"Hours\",\"text\":\"We work 9-18.\"}"));

    ResponseEntity<String> updated = put(ADMIN, id, "{\"title\":\"Opening hours\",\"text\":\"We work 9-20.\"}");
    assertThat(updated.getStatusCode().value()).isEqualTo(200);
    assertThat(json.readTree(updated.getBody()).get("updatedBy").asText()).isEqualTo("admin");
    JsonNode stored = json.readTree(get(operator, id).getBody());
    assertThat(stored.get("title").asText()).isEqualTo("Opening hours");
    assertThat(stored.get("text").asText()).isEqualTo("We work 9-20.");

    assertThat(delete(ADMIN, id).getStatusCode().value()).isEqualTo(204);
    assertThat(get(operator, id).getStatusCode().value()).isEqualTo(404);
    ResponseEntity<String> again = delete(ADMIN, id);
    assertThat(again.getStatusCode().value()).isEqualTo(404);
    assertThat(json.readTree(again.getBody()).get("detail").asText())
        .isEqualTo("Quick answer '" + id + "' does not exist in channel '" + channel + "'.");
    assertThat(put(ADMIN, id, "{\"title\":\"X\",\"text\":\"Y\"}").getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void titlesAreUniquePerChannelIgnoringCase() throws Exception {
    create(ADMIN, "{\"title\":\"Greeting\",\"text\":\"Hello\"}");
    String other = id(create(ADMIN, "{\"title\":\"Farewell\",\"text\":\"Bye\"}"));

    ResponseEntity<String> duplicate = create(ADMIN, "{\"title\":\" greeting \",\"text\":\"Hi there\"}");
    assertThat(duplicate.getStatusCode().value()).isEqualTo(409);
    assertThat(json.readTree(duplicate.getBody()).get("detail").asText())
        .isEqualTo("Channel '" + channel + "' already has a quick answer titled 'greeting': choose another title.");

    ResponseEntity<String> renamed = put(ADMIN, other, "{\"title\":\"GREETING\",\"text\":\"Bye\"}");
    assertThat(renamed.getStatusCode().value()).isEqualTo(409);

    assertThat(titles(search(ADMIN, null))).containsExactly("Farewell", "Greeting");
    assertThat(json.readTree(get(ADMIN, other).getBody()).get("title").asText()).isEqualTo("Farewell");
  }

  @Test
  void theStoreRejectsDuplicateTitlesEvenPastTheService() {
    Document first = new Document("_id", UUID.randomUUID().toString()).append("channelId", channel).append("titleKey", "same");
    Document second = new Document("_id", UUID.randomUUID().toString()).append("channelId", channel).append("titleKey", "same");
    mongo.getCollection("quick_answers").insertOne(first);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> mongo.getCollection("quick_answers").insertOne(second))
        .hasMessageContaining("E11000");
  }

  @Test
  void anOperatorSavesAMessageAsAQuickAnswer() throws Exception {
    String text = "Thank you for waiting. Your order has been shipped and will reach you tomorrow before noon.";

    ResponseEntity<String> saved = saveMessage(operator, "{\"text\":\"" + text + "\"}");

    assertThat(saved.getStatusCode().value()).isEqualTo(201);
    JsonNode answer = json.readTree(saved.getBody());
    assertThat(answer.get("title").asText()).isEqualTo("Thank you for waiting. Your order has been shipped and will…");
    assertThat(answer.get("text").asText()).isEqualTo(text);
    assertThat(answer.get("source").asText()).isEqualTo("OPERATOR_MESSAGE");
    assertThat(answer.get("createdBy").asText()).startsWith("test-user-");
    assertThat(saved.getHeaders().getLocation()).hasToString(url(channel) + "/" + answer.get("id").asText());
    assertThat(titles(search(operator, "shipped"))).containsExactly(answer.get("title").asText());

    ResponseEntity<String> titled = saveMessage(operator, "{\"text\":\"See you!\",\"title\":\"Bye\"}");
    assertThat(json.readTree(titled.getBody()).get("title").asText()).isEqualTo("Bye");
    assertThat(saveMessage(operator, "{\"text\":\"See you soon!\",\"title\":\"bye\"}").getStatusCode().value())
        .isEqualTo(409);
    assertThat(search(ADMIN, null)).hasSize(2);
  }

  @Test
  void rolesAreEnforcedAndNothingChanges() throws Exception {
    String supervisor = new ApiTokens(apiKeys).supervisor();
    String id = id(create(ADMIN, "{\"title\":\"Greeting\",\"text\":\"Hello\"}"));

    assertProblem(create(operator, "{\"title\":\"Mine\",\"text\":\"x\"}"), 403);
    assertProblem(put(operator, id, "{\"title\":\"Mine\",\"text\":\"x\"}"), 403);
    assertProblem(delete(operator, id), 403);
    assertProblem(saveMessage(ADMIN, "{\"text\":\"admins are no operators\"}"), 403);
    assertProblem(http.exchange(url(channel), HttpMethod.GET, request(supervisor), String.class), 403);
    assertProblem(get(supervisor, id), 403);

    assertProblem(http.exchange(url(channel), HttpMethod.GET, anonymous(null), String.class), 401);
    assertProblem(
        http.exchange(url(channel), HttpMethod.POST, anonymous("{\"title\":\"T\",\"text\":\"x\"}"), String.class), 401);
    assertProblem(
        http.exchange(url(channel) + "/saved-messages", HttpMethod.POST, anonymous("{\"text\":\"x\"}"), String.class), 401);

    JsonNode list = search(ADMIN, null);
    assertThat(titles(list)).containsExactly("Greeting");
    assertThat(list.get(0).get("text").asText()).isEqualTo("Hello");
  }

  @Test
  void badInputSaysWhatToFixAndChangesNothing() throws Exception {
    String id = id(create(ADMIN, "{\"title\":\"Greeting\",\"text\":\"Hello\"}"));

    JsonNode missing = assertProblem(create(ADMIN, "{\"title\":\"  \"}"), 400);
    assertThat(fields(missing)).containsExactlyInAnyOrder("title", "text");
    assertThat(missing.get("detail").asText()).isEqualTo("Fix these 2 fields: text must not be blank; title must not be blank.");

    JsonNode tooLong = assertProblem(put(ADMIN, id, "{\"title\":\"" + "t".repeat(101) + "\",\"text\":\"ok\"}"), 400);
    assertThat(tooLong.get("errors").get(0).get("message").asText()).isEqualTo("size must be between 0 and 100");

    JsonNode badChannel =
        assertProblem(
            http.exchange(url("-not a channel"), HttpMethod.POST, request(ADMIN, "{\"title\":\"T\",\"text\":\"x\"}"), String.class),
            400);
    assertThat(fields(badChannel)).containsExactly("channelId");

    JsonNode emptyMessage = assertProblem(saveMessage(operator, "{\"text\":\"\"}"), 400);
    assertThat(fields(emptyMessage)).containsExactly("text");

    JsonNode notJson = assertProblem(create(ADMIN, "{\"title\": Greeting}"), 400);
    assertThat(notJson.get("detail").asText()).startsWith("The request body is not valid JSON");

    JsonNode wrongType = assertProblem(create(ADMIN, "{\"title\":[\"a\"],\"text\":\"x\"}"), 400);
    assertThat(wrongType.get("errors").get(0).get("field").asText()).isEqualTo("title");
    assertThat(wrongType.get("errors").get(0).get("message").asText()).isEqualTo("must be a string");

    JsonNode list = search(ADMIN, null);
    assertThat(titles(list)).containsExactly("Greeting");
    assertThat(list.get(0).get("text").asText()).isEqualTo("Hello");
  }

  private JsonNode assertProblem(ResponseEntity<String> response, int status) throws Exception {
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode problem = json.readTree(response.getBody());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asText()).isNotBlank();
    return problem;
  }

  private static List<String> fields(JsonNode problem) {
    return problem.get("errors").findValuesAsText("field");
  }

  private static List<String> titles(JsonNode list) {
    return list.findValuesAsText("title");
  }

  private String id(ResponseEntity<String> created) throws Exception {
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    return json.readTree(created.getBody()).get("id").asText();
  }

  private ResponseEntity<String> create(String token, String body) {
    return http.exchange(url(channel), HttpMethod.POST, request(token, body), String.class);
  }

  private ResponseEntity<String> saveMessage(String token, String body) {
    return http.exchange(url(channel) + "/saved-messages", HttpMethod.POST, request(token, body), String.class);
  }

  private ResponseEntity<String> put(String token, String id, String body) {
    return http.exchange(url(channel) + "/" + id, HttpMethod.PUT, request(token, body), String.class);
  }

  private ResponseEntity<String> delete(String token, String id) {
    return http.exchange(url(channel) + "/" + id, HttpMethod.DELETE, request(token), String.class);
  }

  private ResponseEntity<String> get(String token, String id) {
    return http.exchange(url(channel) + "/" + id, HttpMethod.GET, request(token), String.class);
  }

  private JsonNode search(String token, String words) throws Exception {
    String url = url(channel) + (words == null ? "" : "?q={q}");
    ResponseEntity<String> response =
        words == null
            ? http.exchange(url, HttpMethod.GET, request(token), String.class)
            : http.exchange(url, HttpMethod.GET, request(token), String.class, words);
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
    return json.readTree(response.getBody());
  }

  private String openChannel() {
    String id = "line-" + UUID.randomUUID();
    channels.save(new OpenChannel(id, "Line", ZoneId.of("UTC"),
        new QueueSettings(List.of(QueueEntry.operator("op-quick")), DistributionMode.STRICT, Duration.ofMinutes(2), null,
            LimitExclusion.CLOSED, false)));
    return id;
  }

  private static String url(String channelId) {
    return "/api/channels/" + channelId + "/quick-answers";
  }
}
