package dev.openlines.conversation.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.ratelimit.RateLimits;
import dev.openlines.routing.RoutingFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingService;
import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.WorkingHours;
import dev.openlines.conversation.Conversation;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Intake running ahead of the engine, through the live chat's HTTP API: while more process commands
 * wait in the outbox than allowed, a message that would open a new conversation gets 503 with
 * Retry-After and changes nothing, while clients of open conversations are still heard. The outbox
 * and time-to-offer meters show it on /actuator/prometheus. Clients held until their channel opens are
 * not intake running ahead: however many there are, new chats elsewhere are taken.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "openlines.ingestion.admission.max-outbox-depth=2",
      "openlines.ingestion.admission.max-new-conversations=3",
      "openlines.ingestion.admission.check-interval=PT0S",
      "openlines.ingestion.admission.retry-after=PT7S"
    })
@Import(EngineOutageTest.SwitchableEngine.class)
// Spring Boot's tests leave out metrics export (so no /actuator/prometheus) unless asked for.
@AutoConfigureObservability(tracing = false)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class IntakeOverloadTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Autowired TestRestTemplate http;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired MongoTemplate mongo;
  @Autowired EngineOutageTest.SwitchableGateway engineLink;
  @Autowired Clock clock;

  @AfterEach
  void engineBack() {
    engineLink.up = true;
  }

  @Test
  void newConversationsWaitWhileTheOutboxIsBehindAndOpenOnesAreStillHeard() {
    IngestionFixtures.Line line = new IngestionFixtures(channels, operators, mongo, connectors, clock).liveChat("overload", 10, 100);
    String anna = startChat(line);
    double offeredBefore = meter("openlines_conversation_time_to_offer_seconds_count");

    String annasConversation = conversationOf(send(anna, "a-1"));
    await().atMost(WAIT).until(() -> !routing.offers(annasConversation).isEmpty());
    await().atMost(WAIT).until(() -> meter("openlines_conversation_time_to_offer_seconds_count") == offeredBefore + 1);
    assertThat(meter("openlines_conversation_time_to_offer_seconds_bucket{le=\"+Inf\"}")).isEqualTo(offeredBefore + 1);

    engineLink.up = false;
    String ben = startChat(line);
    String cleo = startChat(line);
    String dora = startChat(line);
    assertThat(send(ben, "b-1").getStatusCode().value()).isEqualTo(202);
    assertThat(send(cleo, "c-1").getStatusCode().value()).isEqualTo(202);
    await().atMost(WAIT).until(() -> meter("openlines_outbox_depth") >= 2 && meter("openlines_outbox_oldest_age_seconds") > 0);
    // Above the limit now only once one more command is queued: Anna's next message in her open conversation.
    assertThat(send(anna, "a-2").getStatusCode().value()).isEqualTo(202);

    double refusedBefore = meter("openlines_intake_refused_total{reason=\"outbox-depth\"}");
    ResponseEntity<String> refused = send(dora, "d-1");
    assertThat(refused.getStatusCode().value()).isEqualTo(503);
    assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
    assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(refused.getBody()).contains("\"status\":503").contains("takes no new conversations").contains("3 process commands wait");
    assertThat(mongo.exists(Query.query(Criteria.where("clientId").is(dora)), ConversationMessage.class))
        .as("a refused message is not stored").isFalse();
    assertThat(send(ben, "b-2").getStatusCode().value()).as("Ben's conversation is open, its start still queued").isEqualTo(202);
    // At least once: the test's HTTP client (Apache HttpClient 5) sends a request answered 503 again after its Retry-After.
    assertThat(meter("openlines_intake_refused_total{reason=\"outbox-depth\"}")).isGreaterThanOrEqualTo(refusedBefore + 1);
    assertThat(meter("openlines_intake_refused_total{reason=\"route-wait\"}")).isZero();

    engineLink.up = true;
    await().atMost(WAIT).until(() -> meter("openlines_outbox_depth") == 0);
    ResponseEntity<String> again = send(dora, "d-1");
    assertThat(again.getStatusCode().value()).isEqualTo(202);
    String dorasConversation = conversationOf(again);
    await().atMost(WAIT).until(() -> !routing.offers(dorasConversation).isEmpty());
  }

  /**
   * A visitor refused because the service is behind opens nothing, so he takes no place under the connector's
   * waiting cap: the next visitors hear that the service is busy (503), not that the operators are (429).
   * Sent with a client that does not retry by itself, all within the cap's one-second count.
   */
  @Test
  void visitorsRefusedWhileTheServiceIsBehindTakeNoPlaceUnderTheWaitingCap() throws Exception {
    IngestionFixtures.Line busy = new IngestionFixtures(channels, operators, mongo, connectors, clock).liveChat("behind", 10, 100);
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    ConnectorSettings capped = connectors.create(new ConnectorSettings(null,
        fx.channel("capped", DistributionMode.STRICT, 10, fx.operator("carl")), ConnectorTypes.LIVECHAT, 100, null,
        new LiveChatSettings(false, null), new RateLimits(null, null, null, null, null, 2), null, null, null, null));
    engineLink.up = false;
    for (String visitor : List.of("e-1", "f-1", "g-1")) {
      assertThat(send(startChat(busy), visitor).getStatusCode().value()).isEqualTo(202);
    }
    List<String> visitors = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      visitors.add(startChat(capped.id()));
    }

    List<Integer> answers = new ArrayList<>();
    try (HttpClient plain = HttpClient.newHttpClient()) {
      for (String token : visitors) {
        answers.add(plain.send(HttpRequest.newBuilder(URI.create(http.getRootUri() + "/livechat/messages"))
            .header("Content-Type", "application/json").header("X-LiveChat-Token", token)
            .POST(HttpRequest.BodyPublishers.ofString("{\"clientMessageId\":\"m-1\",\"text\":\"Hello\"}")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode());
      }
    }

    assertThat(answers).as("cap 2, four refused visitors").containsOnly(503);
  }

  @Test
  void clientsHeldUntilTheirChannelOpensDoNotMakeTheServiceRefuseNewChats(@Autowired ChannelLifecycleSettingsService lifecycle) {
    IngestionFixtures.Line night = new IngestionFixtures(channels, operators, mongo, connectors, clock).liveChat("night", 10, 100);
    ZonedDateTime tomorrowNine = clock.instant().atZone(ZoneOffset.UTC).plusDays(1).withHour(9).withMinute(0).withSecond(0).withNano(0);
    lifecycle.save(new ChannelLifecycleSettings(night.channelId(), new WorkingHours("UTC",
        Map.of(tomorrowNine.getDayOfWeek(), List.of(new WorkingHours.OpenInterval(LocalTime.of(9, 0), LocalTime.of(10, 0)))), List.of()),
        null, null));
    List<String> held = new ArrayList<>();
    for (String visitor : List.of("h-1", "h-2", "h-3", "h-4", "h-5")) {
      held.add(conversationOf(send(startChat(night), visitor)));
    }
    // Four more than the limit of three NEW conversations, all waiting for tomorrow's opening.
    await().atMost(WAIT).until(() -> held.stream().allMatch(this::heldUntilOpening));

    IngestionFixtures.Line day = new IngestionFixtures(channels, operators, mongo, connectors, clock).liveChat("day", 10, 100);
    ResponseEntity<String> taken = send(startChat(day), "d-1");
    assertThat(taken.getStatusCode().value()).as("%s", taken.getBody()).isEqualTo(202);
    String conversation = conversationOf(taken);
    await().atMost(WAIT).until(() -> !routing.offers(conversation).isEmpty());
    assertThat(held).allMatch(id -> routing.offers(id).isEmpty());
  }

  private boolean heldUntilOpening(String conversationId) {
    Conversation conversation = mongo.findById(conversationId, Conversation.class);
    return conversation != null && conversation.getDeadlines() != null && conversation.getDeadlines().reopensAt() != null;
  }

  private String startChat(IngestionFixtures.Line line) {
    return startChat(line.connector().id());
  }

  private String startChat(String connectorId) {
    ResponseEntity<Map> started = http.postForEntity("/livechat/" + connectorId + "/chats", Map.of("name", "Visitor"), Map.class);
    assertThat(started.getStatusCode().value()).isEqualTo(201);
    return (String) started.getBody().get("token");
  }

  private ResponseEntity<String> send(String token, String clientMessageId) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", token);
    return http.postForEntity(
        "/livechat/messages", new HttpEntity<>(Map.of("clientMessageId", clientMessageId, "text", "Hello"), headers), String.class);
  }

  private static String conversationOf(ResponseEntity<String> accepted) {
    assertThat(accepted.getStatusCode().value()).isEqualTo(202);
    Matcher id = Pattern.compile("\"conversationId\":\"([^\"]+)\"").matcher(accepted.getBody());
    assertThat(id.find()).isTrue();
    return id.group(1);
  }

  /** A sample of /actuator/prometheus by its name and labels as printed (0 when absent). */
  private double meter(String sample) {
    ResponseEntity<String> response = http.getForEntity("/actuator/prometheus", String.class);
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    String scrape = response.getBody();
    for (String row : scrape.split("\n")) {
      if (row.startsWith(sample + " ") || (row.startsWith(sample + "{") && !sample.contains("{"))) {
        return Double.parseDouble(row.substring(row.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }
}
