package dev.openlines.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * One conversation through the HTTP APIs as production runs it (a live-chat client writes, the operator
 * answers, replies and closes through the operator API), then /actuator/prometheus: the business meters
 * show what happened, and every query of the Grafana dashboard in {@code ops/grafana} names a meter
 * that this running application publishes.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "openlines.metrics.queue-refresh=PT0.2S")
// Spring Boot's tests leave out metrics export (so no /actuator/prometheus) unless asked for.
@AutoConfigureObservability(tracing = false)
class BusinessMetersApiTest {

  /** Generous: the machine running the tests may be loaded. */
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final Path DASHBOARD = Path.of("ops/grafana/openlines.json");
  /** A PromQL word that is a function, keyword or label rather than a metric name. */
  private static final Set<String> PROMQL_WORDS =
      Set.of("histogram_quantile", "sum", "max", "by", "rate", "increase", "le", "channel", "round", "outcome",
          "response", "connector", "kind", "reason", "__rate_interval");

  @Autowired TestRestTemplate http;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ApiKeyService apiKeys;
  @Autowired RoutingService routing;
  @Autowired ConversationRepository conversations;

  /** The channel of the one conversation this class runs (both tests read its meters). */
  private static String channel;

  @Test
  void oneConversationThroughTheApiShowsOnTheBusinessMeters() {
    String on = "{channel=\"" + oneConversation() + "\"";
    assertThat(sample("openlines_routing_offers_total" + on + ",round=\"first\"}")).isEqualTo(1);
    assertThat(sample("openlines_routing_offers_total" + on + ",round=\"forward\"}")).isZero();
    assertThat(sample("openlines_routing_offer_outcomes_total" + on + ",outcome=\"answered\"}")).isEqualTo(1);
    assertThat(sample("openlines_routing_offer_outcomes_total" + on + ",outcome=\"skipped\"}")).isZero();
    assertThat(sample("openlines_conversation_time_to_answer_seconds_count" + on + "}")).isEqualTo(1);
    assertThat(sample("openlines_conversation_time_to_answer_seconds_bucket" + on + ",le=\"+Inf\"}")).isEqualTo(1);
    assertThat(sample("openlines_conversation_response_time_seconds_count" + on + ",response=\"first\"}")).isEqualTo(1);
    assertThat(sample("openlines_kpi_breaches_total" + on + ",response=\"first\"}")).isZero();
    assertThat(sample("openlines_queue_oldest_wait_seconds" + on + "}")).isZero();
    assertThat(scrape())
        .contains("openlines_delivery_failures_total{connector=\"livechat\",kind=\"temporary\"}")
        .contains("openlines_recovery_duration_seconds_count")
        .containsPattern("openlines_conversation_time_to_offer_seconds_count [1-9]");
  }

  @Test
  void everyDashboardQueryNamesAMeterTheApplicationPublishes() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    Set<String> metrics = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(panel.get("targets")).as("panel %s has queries", panel.get("title")).isNotEmpty();
      for (JsonNode target : panel.get("targets")) {
        Matcher word = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(target.get("expr").asText());
        while (word.find()) {
          if (!PROMQL_WORDS.contains(word.group()) && !isInsideQuotesOrRange(target.get("expr").asText(), word.start())) {
            metrics.add(word.group());
          }
        }
      }
    }
    assertThat(metrics).allMatch(name -> name.startsWith("openlines_"), "names an OpenLines meter");
    // Meters tagged per channel appear with a channel's first conversation.
    oneConversation();

    Set<String> published = new TreeSet<>();
    for (String row : scrape().split("\n")) {
      if (!row.startsWith("#") && !row.isBlank()) {
        published.add(row.split("[{ ]", 2)[0]);
      }
    }
    assertThat(published).containsAll(metrics);
  }

  /**
   * Runs one conversation through the APIs, once per test class: a live-chat client writes, the queue
   * gauge shows it waiting, the operator answers (the queue empties), replies and closes.
   *
   * @return its channel
   */
  private synchronized String oneConversation() {
    if (channel != null) {
      return channel;
    }
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String operator = fx.operator("mila");
    String line = fx.channel("metrics", DistributionMode.STRICT, 5, operator);
    ConnectorSettings connector = connectors.create(
        new ConnectorSettings(null, line, ConnectorTypes.LIVECHAT, 1_000, null, new LiveChatSettings(false, null)));
    OperatorJourney mila = new OperatorJourney(http, apiKeys, routing, conversations, operator);
    String queueLength = "openlines_queue_length{channel=\"" + line + "\"}";

    String conversation = clientWrites(startChat(connector), "hello-1");
    await().atMost(WAIT).until(() -> OperatorJourney.offeredTo(routing, conversation, operator));
    await().atMost(WAIT).until(() -> sample(queueLength) == 1);
    mila.answer(conversation);
    await().atMost(WAIT).until(() -> sample(queueLength) == 0);
    mila.reply(conversation, "Hello, how can I help?");
    mila.close(conversation);
    channel = line;
    return channel;
  }

  /** Whether the word at this index is a label value ("...") or a range ([5m]), not a metric name. */
  private static boolean isInsideQuotesOrRange(String expr, int index) {
    String before = expr.substring(0, index);
    return before.chars().filter(c -> c == '"').count() % 2 == 1 || before.lastIndexOf('[') > before.lastIndexOf(']');
  }

  private String startChat(ConnectorSettings connector) {
    ResponseEntity<Map> started =
        http.postForEntity("/livechat/" + connector.id() + "/chats", Map.of("name", "Visitor"), Map.class);
    assertThat(started.getStatusCode().value()).isEqualTo(201);
    return (String) started.getBody().get("token");
  }

  /** @return the conversation the message went to */
  private String clientWrites(String token, String clientMessageId) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", token);
    ResponseEntity<Map> accepted = http.exchange("/livechat/messages", HttpMethod.POST,
        new HttpEntity<>(Map.of("clientMessageId", clientMessageId, "text", "Hello"), headers), Map.class);
    assertThat(accepted.getStatusCode().value()).isEqualTo(202);
    return (String) accepted.getBody().get("conversationId");
  }

  private String scrape() {
    ResponseEntity<String> response = http.getForEntity("/actuator/prometheus", String.class);
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    return response.getBody();
  }

  /** One sample of /actuator/prometheus, by its name and labels exactly as printed; -1 when absent. */
  private double sample(String nameAndLabels) {
    for (String row : scrape().split("\n")) {
      if (row.startsWith(nameAndLabels + " ")) {
        return Double.parseDouble(row.substring(row.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }
}
