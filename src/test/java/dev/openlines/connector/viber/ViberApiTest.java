package dev.openlines.connector.viber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.connector.ProviderStandIn;
import dev.openlines.connector.ProviderStandIn.Answer;
import dev.openlines.connector.ViberSettings;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.testing.ApiTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** Outbound Viber calls (send_message, set_webhook from the admin API) against a local stand-in for chatapi.viber.com. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ViberApiTest {

  @Autowired ViberMessenger messenger;
  @Autowired ViberSubscriptions subscriptions;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  @Autowired TestRestTemplate http;

  ProviderStandIn viber;
  ConnectorSettings connector;

  @BeforeEach
  void start() throws Exception {
    viber = new ProviderStandIn(call -> Answer.json(200,
        "{\"status\": 0, \"status_message\": \"ok\", \"message_token\": 5741311803571721087, \"chat_hostname\": \"SN-CHAT-05_\"}"));
    connector = connectors.create(ConnectorSettings.of(null, "channel-" + UUID.randomUUID(), ConnectorTypes.VIBER, 50_000,
        new ViberSettings(ViberPayloads.AUTH_TOKEN, "ACME Support", viber.baseUrl())));
  }

  @AfterEach
  void stop() {
    viber.close();
  }

  OutboundMessage text(String text) {
    return new OutboundMessage("msg-" + UUID.randomUUID(), "conv", ConnectorTypes.VIBER, connector.id(), ViberPayloads.USER, text, List.of());
  }

  @Test
  void aTextIsSentWithTheTokenHeaderAndTheBotsName() throws Exception {
    messenger.deliver(text("Hello world!"));

    assertThat(viber.calls()).singleElement().satisfies(call -> {
      assertThat(call.path()).isEqualTo("/send_message");
      assertThat(call.headers().get("X-Viber-Auth-Token")).isEqualTo(ViberPayloads.AUTH_TOKEN);
      assertThat(call.body()).isEqualTo(ProviderStandIn.json(
          "{\"receiver\":\"01234567890A=\",\"min_api_version\":1,\"sender\":{\"name\":\"ACME Support\"},\"type\":\"text\",\"text\":\"Hello world!\"}"));
    });
  }

  @Test
  void tooManyRequestsIsTemporaryAnInvalidTokenAndAnUnsubscribedClientPermanent() {
    viber.answerNext(Answer.json(200, "{\"status\": 12, \"status_message\": \"tooManyRequests\"}"));
    viber.answerNext(Answer.json(200, "{\"status\": 2, \"status_message\": \"invalidAuthToken\"}"));
    viber.answerNext(Answer.json(200, "{\"status\": 6, \"status_message\": \"receiverNotSubscribed\"}"));
    viber.answerNext(Answer.json(503, "upstream unavailable"));

    assertThatThrownBy(() -> messenger.deliver(text("a"))).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.permanent()).isFalse();
      assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    });
    assertThatThrownBy(() -> messenger.deliver(text("b"))).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.permanent()).isTrue();
      assertThat(e.getMessage()).contains("auth token is invalid").doesNotContain(ViberPayloads.AUTH_TOKEN);
    });
    assertThatThrownBy(() -> messenger.deliver(text("c"))).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.permanent()).isTrue();
      assertThat(e.getMessage()).contains("receiverNotSubscribed");
    });
    assertThatThrownBy(() -> messenger.deliver(text("d"))).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.permanent()).isFalse());
  }

  @Test
  void aClientWhoUnsubscribedIsRefusedWithoutACall() {
    subscriptions.changed(connector.id(), ViberPayloads.USER, false, Instant.now());

    assertThatThrownBy(() -> messenger.deliver(text("Still there?"))).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.permanent()).isTrue();
      assertThat(e.getMessage()).contains("unsubscribed");
    });
    assertThat(viber.calls()).isEmpty();
  }

  @Test
  void savingAViberConnectorThroughTheAdminApiSetsItsWebhookAndARefusedTokenSavesNothing() {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String channel = fx.channel("viber-admin", DistributionMode.STRICT, 1, fx.operator("viber-admin"));
    Map<String, Object> request = Map.of("id", "viber-" + UUID.randomUUID().toString().substring(0, 8), "type", "viber",
        "viber", Map.of("authToken", ViberPayloads.AUTH_TOKEN, "senderName", "ACME Support", "apiBaseUrl", viber.baseUrl().toString()));

    ResponseEntity<JsonNode> created = http.exchange("/api/admin/channels/" + channel + "/connectors", HttpMethod.POST,
        ApiTokens.request(ApiTokens.ADMIN, request), JsonNode.class);

    assertThat(created.getStatusCode().value()).isEqualTo(201);
    assertThat(created.getBody().path("viber").path("authTokenSet").asBoolean()).isTrue();
    assertThat(created.getBody().toString()).doesNotContain(ViberPayloads.AUTH_TOKEN);
    assertThat(viber.calls()).singleElement().satisfies(call -> {
      assertThat(call.path()).isEqualTo("/set_webhook");
      assertThat(call.body().path("url").asText()).endsWith("/webhooks/viber/" + request.get("id"));
      assertThat(call.body().path("event_types")).extracting(JsonNode::asText)
          .containsExactlyInAnyOrder("delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started");
    });

    String other = fx.channel("viber-refused", DistributionMode.STRICT, 1, fx.operator("viber-refused"));
    viber.answerNext(Answer.json(200, "{\"status\": 2, \"status_message\": \"invalidAuthToken\"}"));
    ResponseEntity<JsonNode> refused = http.exchange("/api/admin/channels/" + other + "/connectors", HttpMethod.POST,
        ApiTokens.request(ApiTokens.ADMIN, Map.of("type", "viber", "viber", Map.of("authToken", ViberPayloads.AUTH_TOKEN,
            "senderName", "ACME", "apiBaseUrl", viber.baseUrl().toString()))), JsonNode.class);

    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getBody().path("detail").asText()).contains("auth token is invalid");
    assertThat(refused.getBody().toString()).doesNotContain(ViberPayloads.AUTH_TOKEN).doesNotContain("Exception");
    assertThat(connectors.findByChannel(other)).isEmpty();
  }
}
