package dev.openlines.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.WorkingHours;
import dev.openlines.conversation.ClientRating;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.ResponseTime;
import dev.openlines.security.ApiKeyService;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.conversation.ClientRatings;
import dev.openlines.conversation.RatingService;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.testing.SupportDesk;
import dev.openlines.testing.SupportDesks;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SupervisorApiTest {

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ConversationRepository conversations;
  @Autowired ClientRatings ratings;
  @Autowired Clock clock;

  /** Real time a reply may take on top of the engine's time travel (a loaded machine). */
  static final long SLACK_MILLIS = 20_000;

  @Autowired ClientConversations clients;
  @Autowired SupportDesks desks;
  @Autowired ZeebeTestEngine engine;

  SupportDesk desk;
  String prefix = UUID.randomUUID().toString().substring(0, 8);
  String anna;
  String channel;
  String supervisor;

  @BeforeEach
  void setUp() {
    desk = desks.open();
    anna = desk.operator("Anna");
    channel = desk.channel("sup", anna);
    supervisor = new ApiTokens(apiKeys).supervisor();
  }

  /**
   * A conversation answered by anna, as it happens: a client writes, anna answers, then for each response
   * time the client writes (the first message opened it), the engine's clock moves on by that many
   * milliseconds and anna replies. Replies take a little real time too, so a test compares the columns
   * with the response times as recorded ({@link #recorded}).
   */
  /** The channel's first-response limit when a test sets one. */
  Duration firstResponseLimit;

  String answered(long... responseMillis) {
    Started c = clients.start(channel);
    OperatorJourney annasDesk = desk.answers(anna, c.conversationId());
    for (int i = 0; i < responseMillis.length; i++) {
      if (i > 0) {
        clients.write(c, "And another thing");
      }
      int replies = i + 1;
      engine.increaseTime(Duration.ofMillis(responseMillis[i]));
      if (i == 0 && firstResponseLimit != null && responseMillis[0] > firstResponseLimit.toMillis()) {
        // The engine fires due timers on its own schedule after a jump in time; in real time the late-reply
        // timer fires long before the reply, so the reply waits for it here instead of racing it.
        await().atMost(SupportDesk.WAIT).until(() -> !conversations.findById(c.conversationId()).orElseThrow().getKpiBreaches().isEmpty());
      }
      annasDesk.reply(c.conversationId(), "Reply " + replies);
      await().atMost(SupportDesk.WAIT).until(() -> recorded(c.conversationId()).size() == replies);
    }
    assertThat(recorded(c.conversationId())).zipSatisfy(java.util.Arrays.stream(responseMillis).boxed().toList(), (recorded, travelled) ->
        assertThat(recorded).isBetween(travelled, travelled + SLACK_MILLIS));
    return c.conversationId();
  }

  /** The conversation's response times as recorded, in order. */
  List<Long> recorded(String conversationId) {
    return conversations.findById(conversationId).orElseThrow().getResponseTimes().stream().map(ResponseTime::millis).toList();
  }

  ResponseEntity<JsonNode> call(HttpMethod method, String path, String token, Object body) {
    HttpEntity<?> entity = token == null ? ApiTokens.anonymous(body) : ApiTokens.request(token, body);
    return http.exchange(path, method, entity, JsonNode.class);
  }

  @Test
  void theListIsPagedWithATotalAndNextLinksThatVisitEveryRowOnce() {
    // Five rows in the same instant: the id decides their order, so no row is skipped or repeated between pages.
    // Stored directly: the tie the cursor must break cannot be produced through ingestion at will, and
    // the list reads only stored rows (no process is involved).
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
    desk.lifecycle(channel, Map.of("kpi", Map.of("firstResponseLimit", "PT90S", "notificationText", "#OPERATOR# is late",
        "recipients", List.of("sup-" + prefix))));
    firstResponseLimit = Duration.ofSeconds(90);
    String quick = answered(1000, 3000, 2000);
    // Anna's first reply comes after the limit: the process records the breach; the client dislikes it.
    String late = answered(180_000);
    await().atMost(SupportDesk.WAIT).until(() -> !conversations.findById(late).orElseThrow().getKpiBreaches().isEmpty());
    assertThat(ratings.rate(late, ClientRating.DISLIKE, null)).isEqualTo(RatingService.Result.RECORDED);
    List<Long> times = recorded(quick);
    long total = times.stream().mapToLong(Long::longValue).sum();

    ResponseEntity<JsonNode> all = call(HttpMethod.GET, "/api/supervisor/conversations?channelId=" + channel, supervisor, null);
    assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(all.getBody().findValuesAsText("id")).containsExactlyInAnyOrder(quick, late);
    JsonNode row = rowOf(all.getBody(), quick);
    assertThat(row.get("operatorId").asText()).isEqualTo(anna);
    assertThat(row.get("firstResponseMillis").asLong()).isEqualTo(times.get(0));
    assertThat(row.get("totalResponseMillis").asLong()).isEqualTo(total);
    assertThat(row.get("averageResponseMillis").asLong()).isEqualTo(Math.round(total / 3.0));
    assertThat(row.get("maxResponseMillis").asLong()).isEqualTo(java.util.Collections.max(times)).isEqualTo(times.get(1));

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
    // What a connector does with the client's like and words (live chat, Telegram).
    assertThat(ratings.rate(id, ClientRating.LIKE, "Quick and friendly")).isEqualTo(RatingService.Result.RECORDED);
    long total = recorded(id).stream().mapToLong(Long::longValue).sum();

    JsonNode row = rowOf(call(HttpMethod.GET, "/api/supervisor/conversations?channelId=" + channel, supervisor, null).getBody(), id);
    JsonNode line = lineOf(call(HttpMethod.GET, "/api/supervisor/statistics?from=" + clock.instant().minusSeconds(60)
        + "&to=" + clock.instant().plusSeconds(60), supervisor, null).getBody().get("channels"), channel);

    assertThat(row.get("clientRating").asText()).isEqualTo("LIKE");
    assertThat(row.get("clientRatingComment").asText()).isEqualTo("Quick and friendly");
    assertThat(row.get("averageResponseMillis").asLong()).isEqualTo(Math.round(total / 3.0)).isEqualTo(line.get("averageResponseMillis").asLong());
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
    assertThat(desk.as(anna).call(HttpMethod.POST, "/api/conversations/" + id + "/spam", null).getStatusCode().value()).isEqualTo(202);
    await().atMost(SupportDesk.WAIT).until(() -> conversations.findById(id).orElseThrow().getStatus() == ConversationStatus.SPAM);

    ResponseEntity<JsonNode> rated = call(HttpMethod.PUT, "/api/supervisor/conversations/" + id + "/rating", supervisor, Map.of("score", 2));

    assertThat(rated.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(rated.getBody().get("detail").asText()).contains("closed as spam");
    assertThat(conversations.findById(id).orElseThrow().getSupervisorRating()).isNull();
  }

  @Test
  void statisticsPerOperatorAndChannel() {
    List<Long> first = recorded(answered(1000, 3000));
    List<Long> second = recorded(answered(5000));
    List<Long> all = java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    Instant from = clock.instant().minusSeconds(60);
    Instant to = clock.instant().plusSeconds(60);

    JsonNode stats = call(HttpMethod.GET, "/api/supervisor/statistics?from=" + from + "&to=" + to, supervisor, null).getBody();

    JsonNode annas = lineOf(stats.get("operators"), anna);
    assertThat(annas.get("conversations").asLong()).isEqualTo(2);
    assertThat(annas.get("averageFirstResponseMillis").asLong()).isEqualTo(Math.round((first.get(0) + second.get(0)) / 2.0));
    assertThat(annas.get("averageResponseMillis").asLong()).isEqualTo(Math.round(all.stream().mapToLong(Long::longValue).average().orElseThrow()));
    assertThat(annas.get("maxResponseMillis").asLong()).isEqualTo(java.util.Collections.max(all)).isEqualTo(second.get(0));
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
    desk.lifecycle(channel, Map.of("automaticActions", Map.of("greeting", "Hello!")));
    // A client writes on a connector whose type has no messenger in this build: the greeting step
    // raises an incident, and the conversation stays NEW with nothing moving it.
    String failing = clients.receiveOn(channel, "carrier-pigeon", "pigeon-" + prefix, "Coo").conversationId();
    await().atMost(SupportDesk.WAIT).untilAsserted(() -> {
      JsonNode incident = issueOf(call(HttpMethod.GET, "/api/supervisor/process-health", supervisor, null).getBody(), failing, "INCIDENT");
      assertThat(incident).isNotNull();
      assertThat(incident.get("reason").asText()).contains("send-greeting").contains("No messenger for connector type 'carrier-pigeon'");
    });

    engine.increaseTime(Duration.ofMinutes(20));
    String fresh = clients.start(channel).conversationId();
    await().atMost(SupportDesk.WAIT).until(() -> desk.openOffers(fresh).equals(List.of(anna)));

    JsonNode issues = call(HttpMethod.GET, "/api/supervisor/process-health", supervisor, null).getBody();
    assertThat(issueOf(issues, failing, "STUCK").get("reason").asText()).containsPattern("NEW for 2\\d min");
    assertThat(issueOf(issues, fresh, "STUCK")).isNull();
    assertThat(call(HttpMethod.GET, "/api/supervisor/process-health", ApiTokens.ADMIN, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void aClientHeldUntilTheChannelOpensIsNotReportedStuckWhileTheChannelIsClosed() {
    ZonedDateTime tomorrowNine = clock.instant().atZone(ZoneOffset.UTC).plusDays(1).withHour(9).withMinute(0).withSecond(0).withNano(0);
    desk.lifecycle(channel, Map.of("workingHours", new WorkingHours("UTC",
        Map.of(tomorrowNine.getDayOfWeek(), List.of(new WorkingHours.OpenInterval(LocalTime.of(9, 0), LocalTime.of(10, 0)))), List.of())));
    String held = clients.start(channel).conversationId();
    await().atMost(SupportDesk.WAIT).until(() -> conversations.findById(held).orElseThrow().getDeadlines() != null
        && conversations.findById(held).orElseThrow().getDeadlines().reopensAt() != null);

    // NEW for far longer than the channel's idle time (2 min) plus the margin, as every client of the night is.
    engine.increaseTime(Duration.ofMinutes(20));

    JsonNode issues = call(HttpMethod.GET, "/api/supervisor/process-health", supervisor, null).getBody();
    assertThat(issueOf(issues, held, "STUCK")).as("%s", issues).isNull();
    assertThat(desk.openOffers(held)).isEmpty();

    // The channel opens, anna is offered the conversation and answers: ten minutes on, nothing about it is stuck.
    engine.increaseTime(Duration.between(clock.instant(), tomorrowNine.toInstant()).plusMinutes(1));
    await().atMost(SupportDesk.WAIT).until(() -> desk.openOffers(held).equals(List.of(anna)));
    desk.answers(anna, held);
    engine.increaseTime(Duration.ofMinutes(10));
    JsonNode afterOpening = call(HttpMethod.GET, "/api/supervisor/process-health", supervisor, null).getBody();
    assertThat(issueOf(afterOpening, held, "STUCK")).as("%s", afterOpening).isNull();
  }

  @Test
  void aLateFirstReplyThatWasReportedIsNotReportedStuck() {
    desk.lifecycle(channel, Map.of("kpi", Map.of("firstResponseLimit", "PT2M", "notificationText", "#OPERATOR# is late",
        "recipients", List.of("supervisor-" + prefix))));
    Started c = clients.start(channel);
    desk.answers(anna, c.conversationId());

    // Anna does not write: the first reply is late, reported, and the deadline stays stored for a restart.
    engine.increaseTime(Duration.ofMinutes(3));
    await().atMost(SupportDesk.WAIT).until(() -> !conversations.findById(c.conversationId()).orElseThrow().getKpiBreaches().isEmpty());
    engine.increaseTime(Duration.ofMinutes(10));

    JsonNode issues = call(HttpMethod.GET, "/api/supervisor/process-health", supervisor, null).getBody();
    assertThat(conversations.findById(c.conversationId()).orElseThrow().getDeadlines().firstReplyDueAt()).isNotNull();
    assertThat(issueOf(issues, c.conversationId(), "STUCK")).as("%s", issues).isNull();
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

  static JsonNode issueOf(JsonNode issues, String conversationId, String kind) {
    for (JsonNode issue : issues) {
      if (conversationId.equals(issue.path("conversationId").asText()) && kind.equals(issue.path("kind").asText())) return issue;
    }
    return null;
  }
}
