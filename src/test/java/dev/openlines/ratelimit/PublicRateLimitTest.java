package dev.openlines.ratelimit;

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
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.testing.ApiTokens;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;

/**
 * The public live-chat surface under a flood, through real sockets from distinct loopback addresses
 * (127.0.0.x all reach this machine; the service sees each as its own client): the flooding address is
 * held to its limits with 429, Retry-After and a problem body, while a visitor from another address is
 * still accepted and offered to an operator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicRateLimitTest {

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired InboundMessageService ingestion;
  @Autowired MongoTemplate mongo;
  @Autowired ObjectMapper json;
  @Autowired dev.openlines.security.ApiKeyService apiKeys;
  @Autowired io.micrometer.core.instrument.MeterRegistry meters;

  record Answer(int status, String retryAfter, JsonNode body) {}

  /** A browser at one loopback address. */
  class Client {
    final HttpClient socket;

    Client(String address) throws Exception {
      socket = HttpClient.newBuilder().localAddress(InetAddress.getByName(address)).connectTimeout(Duration.ofSeconds(30)).build();
    }

    Answer post(String path, Object body, String token) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
      if (token != null) {
        request.header("X-LiveChat-Token", token);
      }
      HttpResponse<String> response = socket.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode parsed = response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
      return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), parsed);
    }

    String start(ConnectorSettings connector) throws Exception {
      Answer started = post("/livechat/" + connector.id() + "/chats", Map.of(), null);
      assertThat(started.status()).isEqualTo(201);
      return started.body().path("token").asText();
    }
  }

  ConnectorSettings connector(String channel, RateLimits limits) {
    return connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000, null,
        new LiveChatSettings(false, null, false), limits));
  }

  @Test
  void aFloodingAddressIsHeldToItsLimitsWhileAnotherAddressesVisitorIsAcceptedAndOffered() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel("flood", DistributionMode.STRICT, 50, olga);
    ConnectorSettings connector = connector(channel, new RateLimits(3, 5, 100, 1, null, 50));
    Client flooder = new Client("127.0.0.2");
    Client visitor = new Client("127.0.0.3");

    List<Answer> starts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      starts.add(flooder.post("/livechat/" + connector.id() + "/chats", Map.of(), null));
    }
    String floodToken = starts.get(0).body().path("token").asText();
    List<Answer> messages = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      messages.add(flooder.post("/livechat/messages", Map.of("clientMessageId", "f-" + i, "text", "spam " + i), floodToken));
    }

    assertThat(starts).extracting(Answer::status).containsOnly(201, 429);
    // The buckets refill evenly (3 and 5 per minute): on a slow machine a token or two may come back meanwhile.
    assertThat(starts).filteredOn(a -> a.status() == 201).hasSizeBetween(3, 5);
    assertThat(messages).filteredOn(a -> a.status() == 202).hasSizeBetween(5, 7);
    Answer refused = messages.get(29);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(Integer.parseInt(refused.retryAfter())).isBetween(1, 60);
    assertThat(refused.body().path("title").asText()).isEqualTo("Too many requests");
    assertThat(refused.body().path("detail").asText()).contains("5 messages in the last minute");
    assertThat(ingestion.findAnySender(connector.id(), "f-29")).isEmpty();

    String token = visitor.start(connector);
    assertThat(visitor.post("/livechat/messages", Map.of("clientMessageId", "v-1", "text", "I need help"), token).status())
        .isEqualTo(202);
    String conversationId = ingestion.findAnySender(connector.id(), "v-1").orElseThrow().getConversationId();
    await().atMost(Duration.ofSeconds(60)).until(
        () -> routing.offers(conversationId).stream().map(Offer::operatorId).toList(), offered -> offered.contains(olga));
  }

  @Test
  void onceRefusedAnAddressIsRefusedBeforeAnyOtherWorkUntilItsBucketRefillsAndOtherAddressesAreNotAffected() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String channel = fx.channel("gate", DistributionMode.STRICT, 50, fx.operator("olga"));
    ConnectorSettings connector = connector(channel, new RateLimits(1, null, null, null, null, null));
    Client flooder = new Client("127.0.2.2");
    double earlyBefore = meters.counter("openlines.rate.limit.refused.early").count();

    assertThat(flooder.post("/livechat/" + connector.id() + "/chats", Map.of(), null).status()).isEqualTo(201);
    Answer byTheLimiter = flooder.post("/livechat/" + connector.id() + "/chats", Map.of(), null);
    Answer byTheGate = flooder.post("/livechat/" + connector.id() + "/chats", Map.of(), null);

    assertThat(byTheLimiter.status()).isEqualTo(429);
    assertThat(byTheGate.status()).isEqualTo(429);
    assertThat(meters.counter("openlines.rate.limit.refused.early").count()).isEqualTo(earlyBefore + 1);
    // The early answer says the same as the limiter's: what was exceeded, when to come back, the problem type.
    assertThat(byTheGate.body().path("detail").asText()).isEqualTo(byTheLimiter.body().path("detail").asText());
    assertThat(byTheGate.body().path("type").asText()).isEqualTo(byTheLimiter.body().path("type").asText());
    assertThat(byTheGate.body().path("title").asText()).isEqualTo("Too many requests");
    assertThat(Integer.parseInt(byTheGate.retryAfter())).isBetween(1, 60);
    assertThat(byTheGate.body().path("retryAfterSeconds").asInt()).isEqualTo(Integer.parseInt(byTheGate.retryAfter()));
    // Another address on the same connector still starts its chat.
    assertThat(new Client("127.0.2.3").post("/livechat/" + connector.id() + "/chats", Map.of(), null).status()).isEqualTo(201);
  }

  @Test
  void aConnectorTakesNoMoreWaitingConversationsThanItsCapAndAnsweringOneMakesRoom() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel("cap", DistributionMode.STRICT, 50, olga);
    ConnectorSettings connector = connector(channel, new RateLimits(null, 1000, 1000, null, null, 2));
    List<Answer> firstMessages = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Client client = new Client("127.0.1." + (10 + i));
      firstMessages.add(client.post("/livechat/messages", Map.of("clientMessageId", "m-" + i, "text", "Hi"), client.start(connector)));
    }

    assertThat(firstMessages).extracting(Answer::status).containsExactly(202, 202, 429);
    assertThat(firstMessages.get(2).body().path("detail").asText()).contains("2 conversations are already waiting");
    assertThat(ingestion.findAnySender(connector.id(), "m-2")).isEmpty();

    String first = ingestion.findAnySender(connector.id(), "m-0").orElseThrow().getConversationId();
    await().atMost(Duration.ofSeconds(60)).until(
        () -> routing.offers(first).stream().map(Offer::operatorId).toList(), offered -> offered.contains(olga));
    assertThat(http.postForEntity("/api/conversations/" + first + "/answer",
        ApiTokens.request(new ApiTokens(apiKeys).operator(olga)), String.class).getStatusCode().value()).isEqualTo(204);
    Client late = new Client("127.0.1.20");
    String lateToken = late.start(connector);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(
        () -> late.post("/livechat/messages", Map.of("clientMessageId", "late", "text", "Hi"), lateToken).status() == 202);
  }

  @Test
  void limitsAreValidatedWhenTheConnectorIsSaved() {
    String channel = "t-" + UUID.randomUUID().toString().substring(0, 8);
    ResponseEntity<String> refused = http.postForEntity("/api/admin/channels/" + channel + "/connectors",
        ApiTokens.request(ApiTokens.ADMIN, Map.of("type", "livechat", "liveChat", Map.of("consentRequired", false),
            "rateLimits", Map.of("chatStartsPerMinutePerAddress", 0))), String.class);

    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getBody()).contains("rateLimits.chatStartsPerMinutePerAddress");
  }
}
