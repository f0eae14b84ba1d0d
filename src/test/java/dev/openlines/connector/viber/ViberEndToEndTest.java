package dev.openlines.connector.viber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.connector.ProviderStandIn;
import dev.openlines.connector.ProviderStandIn.Answer;
import dev.openlines.connector.ViberSettings;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;

/** A Viber client writes, the conversation is routed, answered, replied to through the send_message stand-in, and closed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ViberEndToEndTest {

  @Autowired TestRestTemplate http;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired ApiKeyService apiKeys;
  @Autowired MongoTemplate mongo;

  @Test
  void aViberConversationIsRoutedAnsweredRepliedToAndClosed() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel("viber-e2e", DistributionMode.STRICT, 2, olga);
    try (ProviderStandIn viber = new ProviderStandIn(call -> Answer.json(200,
        "{\"status\": 0, \"status_message\": \"ok\", \"message_token\": 5741311803571721087}"))) {
      ConnectorSettings connector = connectors.create(ConnectorSettings.of(null, channel, ConnectorTypes.VIBER, 50_000,
          new ViberSettings(ViberPayloads.AUTH_TOKEN, "ACME Support", viber.baseUrl())));
      String body = ViberPayloads.text(777001, System.currentTimeMillis(), "My tariff is wrong");
      assertThat(http.postForEntity("/webhooks/viber/" + connector.id(),
          new HttpEntity<>(body, ViberWebhookTest.signed(body, ViberPayloads.AUTH_TOKEN)), String.class).getStatusCode().value())
          .isEqualTo(200);
      String conversationId = ingestion.findAnySender(connector.id(), "777001").orElseThrow().getConversationId();

      OperatorJourney operator = new OperatorJourney(http, apiKeys, routing, conversations, olga);
      operator.awaitOffer(conversationId);
      operator.answer(conversationId);
      operator.reply(conversationId, "Let me check it.");

      await().atMost(OperatorJourney.WAIT).until(() -> !viber.calls().isEmpty());
      assertThat(viber.calls().getFirst().path()).isEqualTo("/send_message");
      assertThat(viber.calls().getFirst().body().path("text").asText()).isEqualTo("Let me check it.");
      assertThat(viber.calls().getFirst().body().path("receiver").asText()).isEqualTo(ViberPayloads.USER);

      operator.close(conversationId);
    }
  }
}
