package dev.openlines.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.conversation.ClientRating;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.KpiBreach;
import dev.openlines.channel.KpiLimit;
import dev.openlines.conversation.ResponseTime;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.OfferRequest;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SupervisorApiTest {

  private static final AtomicLong ATTEMPTS = new AtomicLong(System.nanoTime() + 7);

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ConversationRepository conversations;
  @Autowired MongoTemplate mongo;
  @Autowired CamundaClient client;
  @Autowired Clock clock;

  String prefix = UUID.randomUUID().toString().substring(0, 8);
  String anna;
  String channel;
  String supervisor;

  @BeforeEach
  void setUp() {
    anna = prefix + "-anna";
    operators.create(new Operator(anna, "Anna", Set.of()));
    operators.changePresence(anna, Presence.ONLINE);
    channel = "t-" + prefix + "-sup";
    channels.save(new OpenChannel(channel, "Sup", ZoneId.of("UTC"),
        new QueueSettings(List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(2), null, LimitExclusion.CLOSED, true)));
    supervisor = new ApiTokens(apiKeys).supervisor();
  }

  /** A conversation answered by anna with the given response times (ms). */
  String answered(long... responseMillis) {
    String id = "conv-" + UUID.randomUUID();
    conversations.save(new Conversation(id, channel, "test", "client", clock.instant()));
    routing.offer("attempt-" + ATTEMPTS.incrementAndGet(), new OfferRequest(id, channel, null, null));
    routing.answer(id, anna);
    Update update = new Update();
    Instant t = clock.instant();
    Object[] times = new Object[responseMillis.length];
    for (int i = 0; i < responseMillis.length; i++) {
      times[i] = new ResponseTime(i == 0 ? KpiLimit.FIRST_RESPONSE : KpiLimit.SUBSEQUENT_RESPONSE, anna, t, t.plusMillis(responseMillis[i]), responseMillis[i]);
    }
    update.push("responseTimes").each(times);
    if (responseMillis.length > 0) {
      update.set("firstResponseMillis", responseMillis[0]).set("firstResponseAt", t);
    }
    update.set("status", ConversationStatus.IN_PROGRESS);
    mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), update, Conversation.class);
    return id;
  }

  ResponseEntity<JsonNode> call(HttpMethod method, String path, String token, Object body) {
    HttpEntity<?> entity = token == null ? ApiTokens.anonymous(body) : ApiTokens.request(token, body);
    return http.exchange(path, method, entity, JsonNode.class);
  }

  @Test
  void theListIsPagedWithATotalAndNextLinksThatVisitEveryRowOnce() {
    // Five rows in the same instant: the id decides their order, so no row is skipped or repeated between pages.
    List<String> created = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = "conv-" + UUID.randomUUID();
      conversations.save(new Conversation(id, channel, "test", "client-" + i, clock.instant()));
      created.add(id);
    }

    List<String> seen = new java.util.ArrayList<>();
    String next = "/api/supervisor/conversations?channelId=" + channel + "&limit=2";
    int pages = 0;
    while (next != null) {
      ResponseEntity<JsonNode> page = call(HttpMethod.GET, next, supervisor, null);
      assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(page.getHeaders().getFirst("X-Total-Count")).isEqualTo("5");
      assertThat(page.getBody().size()).isLessThanOrEqualTo(2);
      seen.addAll(page.getBody().findValuesAsText("id"));
      String link = page.getHeaders().getFirst(HttpHeaders.LINK);
      next = link == null ? null : java.net.URI.create(link.substring(1, link.indexOf('>'))).getRawPath() + "?" + java.net.URI.create(link.substring(1, link.indexOf('>'))).getRawQuery();
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();

    assertThat(call(HttpMethod.GET, "/api/supervisor/conversations?after=not-a-cursor", supervisor, null).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(call(HttpMethod.GET, "/api/supervisor/conversations?limit=0", supervisor, null).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void theListFiltersAndShowsKpiColumns() {
    String quick = answered(1000, 3000, 2000);
    String late = answered(60000);
    mongo.updateFirst(Query.query(Criteria.where("_id").is(late)),
        new Update().push("kpiBreaches", new KpiBreach(KpiLimit.FIRST_RESPONSE, anna, clock.instant(), "step-1")).set("clientRating", ClientRating.DISLIKE),
        Conversation.class);

    ResponseEntity<JsonNode> all = call(HttpMethod.GET, "/api/supervisor/conversations?channelId=" + channel, supervisor, null);
    assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(all.getBody().findValuesAsText("id")).containsExactlyInAnyOrder(quick, late);
    JsonNode row = rowOf(all.getBody(), quick);
    assertThat(row.get("operatorId").asText()).isEqualTo(anna);
    assertThat(row.get("firstResponseMillis").asLong()).isEqualTo(1000);
    assertThat(row.get("totalResponseMillis").asLong()).isEqualTo(6000);
    assertThat(row.get("averageResponseMillis").asLong()).isEqualTo(2000);
    assertThat(row.get("maxResponseMillis").asLong()).isEqualTo(3000);

    assertThat(call(HttpMethod.GET, "/api/supervisor/conversations?channelId=" + channel + "&kpiBreached=true", supervisor, null)
        .getBody().findValuesAsText("id")).containsExactly(late);
    assertThat(call(HttpMethod.GET, "/api/supervisor/conversations?channelId=" + channel + "&kpiBreached=false", supervisor, null)
        .getBody().findValuesAsText("id")).containsExactly(quick);
    assertThat(call(HttpMethod.GET, "/api/supervisor/conversations?operatorId=" + anna + "&clientRating=DISLIKE", supervisor, null)
        .getBody().findValuesAsText("id")).containsExactly(late);
    assertThat(call(HttpMethod.GET, "/api/supervisor/conversations?channelId=" + channel + "&from=" + clock.instant().plusSeconds(60), supervisor, null)
        .getBody()).isEmpty();
    ResponseEntity<JsonNode> badStatus = call(HttpMethod.GET, "/api/supervisor/conversations?status=SLEEPING", supervisor, null);
    assertThat(badStatus.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void aRowShowsTheClientsRatingWithTheirWordsAndRoundsTheAverageLikeTheStatistics() {
    String id = answered(1000, 2000, 2000);
    mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
        new Update().set("clientRating", ClientRating.LIKE).set("clientRatingComment", "Quick and friendly"), Conversation.class);

    JsonNode row = rowOf(call(HttpMethod.GET, "/api/supervisor/conversations?channelId=" + channel, supervisor, null).getBody(), id);
    JsonNode line = lineOf(call(HttpMethod.GET, "/api/supervisor/statistics?from=" + clock.instant().minusSeconds(60)
        + "&to=" + clock.instant().plusSeconds(60), supervisor, null).getBody().get("channels"), channel);

    assertThat(row.get("clientRating").asText()).isEqualTo("LIKE");
    assertThat(row.get("clientRatingComment").asText()).isEqualTo("Quick and friendly");
    assertThat(row.get("averageResponseMillis").asLong()).isEqualTo(1667).isEqualTo(line.get("averageResponseMillis").asLong());
  }

  @Test
  void queryParametersOfTheWrongTypeSayWhatTheyMustBe() {
    ResponseEntity<JsonNode> status = call(HttpMethod.GET, "/api/supervisor/conversations?status=SLEEPING", supervisor, null);
    ResponseEntity<JsonNode> date = call(HttpMethod.GET, "/api/supervisor/conversations?from=yesterday", supervisor, null);
    ResponseEntity<JsonNode> flag = call(HttpMethod.GET, "/api/supervisor/conversations?kpiBreached=maybe", supervisor, null);

    assertThat(status.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(status.getBody().get("detail").asText())
        .isEqualTo("Fix this field: status must be one of " + java.util.Arrays.toString(ConversationStatus.values()) + ", not 'SLEEPING'.");
    assertThat(status.getBody().get("errors").get(0).get("field").asText()).isEqualTo("status");
    assertThat(date.getBody().get("detail").asText()).contains("from must be an ISO-8601 date-time, e.g. 2026-11-22T09:00:00Z, not 'yesterday'");
    assertThat(flag.getBody().get("detail").asText()).contains("kpiBreached must be true or false, not 'maybe'");
  }

  @Test
  void statisticsNeedAPeriod() {
    ResponseEntity<JsonNode> open = call(HttpMethod.GET, "/api/supervisor/statistics?from=" + clock.instant(), supervisor, null);

    assertThat(open.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(open.getBody().get("detail").asText()).contains("give the period: from and to");
  }

  @Test
  void everySupervisorEndpointRefusesOtherRolesAndAnonymousCallers() {
    String id = answered(1000);
    String operator = new ApiTokens(apiKeys).operator(anna);
    String period = "?from=" + clock.instant().minusSeconds(60) + "&to=" + clock.instant().plusSeconds(60);
    Map<String, HttpMethod> endpoints = Map.of(
        "/api/supervisor/conversations", HttpMethod.GET,
        "/api/supervisor/statistics" + period, HttpMethod.GET,
        "/api/supervisor/process-health", HttpMethod.GET,
        "/api/supervisor/conversations/" + id + "/rating", HttpMethod.PUT);

    endpoints.forEach((path, method) -> {
      Object body = method == HttpMethod.PUT ? Map.of("score", 1) : null;
      assertThat(call(method, path, null, body).getStatusCode()).as("anonymous %s", path).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(call(method, path, operator, body).getStatusCode()).as("operator %s", path).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(call(method, path, ApiTokens.ADMIN, body).getStatusCode()).as("admin %s", path).isEqualTo(HttpStatus.FORBIDDEN);
    });
    assertThat(conversations.findById(id).orElseThrow().getSupervisorRating()).isNull();
  }

  @Test
  void aConversationClosedAsSpamIsNotRated() {
    String id = answered(1000);
    mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), Update.update("status", ConversationStatus.SPAM), Conversation.class);

    ResponseEntity<JsonNode> rated = call(HttpMethod.PUT, "/api/supervisor/conversations/" + id + "/rating", supervisor, Map.of("score", 2));

    assertThat(rated.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(rated.getBody().get("detail").asText()).contains("closed as spam");
    assertThat(conversations.findById(id).orElseThrow().getSupervisorRating()).isNull();
  }

  @Test
  void statisticsPerOperatorAndChannel() {
    answered(1000, 3000);
    answered(5000);
    Instant from = clock.instant().minusSeconds(60);
    Instant to = clock.instant().plusSeconds(60);

    JsonNode stats = call(HttpMethod.GET, "/api/supervisor/statistics?from=" + from + "&to=" + to, supervisor, null).getBody();

    JsonNode annas = lineOf(stats.get("operators"), anna);
    assertThat(annas.get("conversations").asLong()).isEqualTo(2);
    assertThat(annas.get("averageFirstResponseMillis").asLong()).isEqualTo(3000);
    assertThat(annas.get("averageResponseMillis").asLong()).isEqualTo(3000);
    assertThat(annas.get("maxResponseMillis").asLong()).isEqualTo(5000);
    assertThat(lineOf(stats.get("channels"), channel).get("conversations").asLong()).isEqualTo(2);
    ResponseEntity<JsonNode> backwards = call(HttpMethod.GET, "/api/supervisor/statistics?from=" + to + "&to=" + from, supervisor, null);
    assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(backwards.getBody().get("detail").asText()).contains("must be after from");
  }

  @Test
  void aSupervisorRatesOneToFive() {
    String id = answered(1000);
    String path = "/api/supervisor/conversations/" + id + "/rating";

    assertThat(call(HttpMethod.PUT, path, supervisor, Map.of("score", 4, "comment", "polite")).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(conversations.findById(id).orElseThrow().getSupervisorRating().score()).isEqualTo(4);

    ResponseEntity<JsonNode> tooHigh = call(HttpMethod.PUT, path, supervisor, Map.of("score", 6));
    assertThat(tooHigh.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooHigh.getBody().get("detail").asText()).contains("between 1 and 5");
    assertThat(conversations.findById(id).orElseThrow().getSupervisorRating().score()).isEqualTo(4);
    assertThat(call(HttpMethod.PUT, "/api/supervisor/conversations/nope-" + prefix + "/rating", supervisor, Map.of("score", 3)).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(call(HttpMethod.PUT, path, new ApiTokens(apiKeys).operator(anna), Map.of("score", 1)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(HttpMethod.PUT, path, null, Map.of("score", 1)).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(conversations.findById(id).orElseThrow().getSupervisorRating().score()).isEqualTo(4);
  }

  @Test
  void processHealthShowsStuckConversationsAndIncidents() {
    String stuck = "conv-" + UUID.randomUUID();
    String fresh = "conv-" + UUID.randomUUID();
    conversations.save(new Conversation(stuck, channel, "test", "client", clock.instant().minus(Duration.ofMinutes(20))));
    conversations.save(new Conversation(fresh, channel, "test", "client", clock.instant()));
    String failing = "conv-" + UUID.randomUUID();
    String processId = "health-incident-test";
    client.newDeployResourceCommand()
        .addProcessModel(
            Bpmn.createExecutableProcess(processId).startEvent()
                .serviceTask("fail-on-note", task -> task.zeebeJobType("test.fail-on-note").zeebeJobRetries("1"))
                .endEvent().done(),
            processId + ".bpmn")
        .requestTimeout(Duration.ofSeconds(30)).send().join();
    client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
        .variables(Map.of(Workflow.Variable.CONVERSATION_ID, failing, "note", "x")).send().join();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode issues = call(HttpMethod.GET, "/api/supervisor/process-health", supervisor, null).getBody();
      JsonNode incident = issueOf(issues, failing);
      assertThat(incident).isNotNull();
      assertThat(incident.get("kind").asText()).isEqualTo("INCIDENT");
      assertThat(incident.get("reason").asText()).contains("fail-on-note").contains("Cannot handle x");
    });
    JsonNode issues = call(HttpMethod.GET, "/api/supervisor/process-health", supervisor, null).getBody();
    assertThat(issueOf(issues, stuck).get("kind").asText()).isEqualTo("STUCK");
    assertThat(issueOf(issues, stuck).get("reason").asText()).contains("NEW for 20 min");
    assertThat(issueOf(issues, fresh)).isNull();
    assertThat(call(HttpMethod.GET, "/api/supervisor/process-health", ApiTokens.ADMIN, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  static JsonNode rowOf(JsonNode rows, String id) {
    for (JsonNode row : rows) {
      if (row.get("id").asText().equals(id)) return row;
    }
    throw new AssertionError("no row " + id);
  }

  static JsonNode lineOf(JsonNode lines, String key) {
    for (JsonNode line : lines) {
      if (line.get("key").asText().equals(key)) return line;
    }
    throw new AssertionError("no line " + key);
  }

  static JsonNode issueOf(JsonNode issues, String conversationId) {
    for (JsonNode issue : issues) {
      if (conversationId.equals(issue.path("conversationId").asText())) return issue;
    }
    return null;
  }
}
