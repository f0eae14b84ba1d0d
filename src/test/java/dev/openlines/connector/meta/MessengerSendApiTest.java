package dev.openlines.connector.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.MessagingWindows;
import dev.openlines.connector.MetaSettings;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.connector.ProviderStandIn;
import dev.openlines.connector.ProviderStandIn.Answer;
import dev.openlines.conversation.ClientMessengers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Send API calls for Messenger and Instagram against a local stand-in for graph.facebook.com. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MessengerSendApiTest {

  static final String TOKEN = "EAAG-page-access-token-0123456789";

  @Autowired ClientMessengers messengers;
  @Autowired ConnectorSettingsService connectors;
  @Autowired MessagingWindows windows;
  @Autowired Clock clock;

  ProviderStandIn graph;

  @BeforeEach
  void start() throws Exception {
    graph = new ProviderStandIn(call -> Answer.json(200,
        "{\"recipient_id\": \"" + MessengerPayloads.PSID + "\", \"message_id\": \"m_sent_" + UUID.randomUUID() + "\"}"));
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  ConnectorSettings connector(String type, boolean humanAgentTag) {
    return connectors.create(ConnectorSettings.of(null, "channel-" + UUID.randomUUID(), type, 50_000,
        new MetaSettings(MessengerPayloads.PAGE_ID, TOKEN, MessengerWebhookTest.APP_SECRET, MessengerWebhookTest.VERIFY_TOKEN,
            humanAgentTag, graph.baseUrl())));
  }

  void deliver(ConnectorSettings connector, String text) throws DeliveryException {
    messengers.forType(connector.type()).orElseThrow().deliver(new OutboundMessage("msg-" + UUID.randomUUID(), "conv",
        connector.type(), connector.id(), MessengerPayloads.PSID, text, List.of()));
  }

  void clientWroteAgo(ConnectorSettings connector, Duration ago) {
    windows.clientWrote(connector.id(), MessengerPayloads.PSID, clock.instant().minus(ago));
  }

  @Test
  void withinTheWindowBothSendAsResponseToThePagesMessagesEdge() throws Exception {
    for (String type : List.of(ConnectorTypes.MESSENGER, ConnectorTypes.INSTAGRAM)) {
      ConnectorSettings connector = connector(type, false);
      clientWroteAgo(connector, Duration.ofHours(23));
      deliver(connector, "Hello from " + type);
    }

    assertThat(graph.calls()).hasSize(2).allSatisfy(call -> {
      assertThat(call.path()).isEqualTo("/" + MessengerPayloads.PAGE_ID + "/messages");
      assertThat(call.authorization()).isEqualTo("Bearer " + TOKEN);
      assertThat(call.query()).isNull();
      assertThat(call.body().path("recipient").path("id").asText()).isEqualTo(MessengerPayloads.PSID);
      assertThat(call.body().path("messaging_type").asText()).isEqualTo("RESPONSE");
    });
    assertThat(graph.calls()).extracting(call -> call.body().path("message").path("text").asText())
        .containsExactly("Hello from messenger", "Hello from instagram");
  }

  @Test
  void outsideTheWindowTheHumanAgentTagIsUsedOnlyWhereAllowedAndOnlyForSevenDays() throws Exception {
    ConnectorSettings tagged = connector(ConnectorTypes.MESSENGER, true);
    ConnectorSettings untagged = connector(ConnectorTypes.INSTAGRAM, false);
    clientWroteAgo(tagged, Duration.ofDays(3));
    clientWroteAgo(untagged, Duration.ofDays(3));

    deliver(tagged, "Following up");
    assertThatThrownBy(() -> deliver(untagged, "Following up"))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.permanent()).isTrue();
          assertThat(e.getMessage()).contains("Outside Instagram's 24-hour messaging window");
        });
    clientWroteAgo(tagged, Duration.ofDays(8));
    windows.clientWrote(tagged.id(), "someone-else", clock.instant().minus(Duration.ofDays(8)));
    assertThatThrownBy(() -> messengers.forType(ConnectorTypes.MESSENGER).orElseThrow().deliver(new OutboundMessage("old", "conv",
        ConnectorTypes.MESSENGER, tagged.id(), "someone-else", "Too late", List.of())))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.getMessage()).contains("7-day"));

    assertThat(graph.calls()).singleElement().satisfies(call -> {
      assertThat(call.body().path("messaging_type").asText()).isEqualTo("MESSAGE_TAG");
      assertThat(call.body().path("tag").asText()).isEqualTo("HUMAN_AGENT");
    });
  }

  @Test
  void rateLimitIsTemporaryAnUnavailableUserAndAnInvalidTokenArePermanent() {
    ConnectorSettings connector = connector(ConnectorTypes.MESSENGER, false);
    clientWroteAgo(connector, Duration.ofMinutes(1));
    graph.answerNext(new Answer(400, Map.of("Retry-After", "120"), """
        {"error": {"message": "(#613) Calls to this api have exceeded the rate limit.", "type": "OAuthException", "code": 613,
          "fbtrace_id": "AbC"}}"""));
    graph.answerNext(Answer.json(400, """
        {"error": {"message": "(#551) This person isn't available right now.", "type": "OAuthException", "code": 551,
          "error_subcode": 1545041, "fbtrace_id": "DeF"}}"""));
    graph.answerNext(Answer.json(400, """
        {"error": {"message": "Invalid OAuth access token - Cannot parse access token", "type": "OAuthException", "code": 190,
          "fbtrace_id": "GhI"}}"""));

    assertThatThrownBy(() -> deliver(connector, "a")).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.permanent()).isFalse();
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    });
    assertThatThrownBy(() -> deliver(connector, "b")).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.permanent()).isTrue();
      assertThat(e.getMessage()).contains("isn't available");
    });
    assertThatThrownBy(() -> deliver(connector, "c")).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.permanent()).isTrue();
      assertThat(e.getMessage()).contains("access token is invalid").doesNotContain(TOKEN);
    });
  }
}
