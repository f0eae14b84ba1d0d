package dev.openlines.connector.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.MetaSettings;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.connector.ProviderStandIn;
import dev.openlines.connector.ProviderStandIn.Answer;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import java.time.Clock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;

/** A Messenger or Instagram client writes, the conversation is routed, answered, replied to through the Send API stand-in, and closed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MessengerEndToEndTest {

  @Autowired TestRestTemplate http;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired ApiKeyService apiKeys;
  @Autowired MongoTemplate mongo;
  @Autowired Clock clock;

  @ParameterizedTest
  @ValueSource(strings = {ConnectorTypes.MESSENGER, ConnectorTypes.INSTAGRAM})
  void aConversationStartsThroughTheWebhookAndTheReplyReachesTheSendApi(String type) throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel(type + "-e2e", DistributionMode.STRICT, 2, olga);
    try (ProviderStandIn graph = new ProviderStandIn(call -> Answer.json(200,
        "{\"recipient_id\": \"" + MessengerPayloads.PSID + "\", \"message_id\": \"m_reply\"}"))) {
      ConnectorSettings connector = connectors.create(ConnectorSettings.of(null, channel, type, 50_000,
          new MetaSettings(MessengerPayloads.PAGE_ID, "EAAG-page-access-token-0123456789", MessengerWebhookTest.APP_SECRET,
              MessengerWebhookTest.VERIFY_TOKEN, false, graph.baseUrl())));
      String object = type.equals(ConnectorTypes.INSTAGRAM) ? "instagram" : "page";
      String body = MessengerPayloads.text(object, "m_e2e_" + type, clock.instant().toEpochMilli(), "Do you deliver on Sundays?");
      assertThat(http.postForEntity("/webhooks/" + type + "/" + connector.id(),
          new HttpEntity<>(body, MessengerWebhookTest.signed(body, MessengerWebhookTest.APP_SECRET)), String.class)
          .getStatusCode().value()).isEqualTo(200);
      String conversationId = ingestion.findAnySender(connector.id(), "m_e2e_" + type).orElseThrow().getConversationId();

      OperatorJourney operator = new OperatorJourney(http, apiKeys, routing, conversations, olga);
      operator.awaitOffer(conversationId);
      operator.answer(conversationId);
      operator.reply(conversationId, "Yes, from 10 to 16.");

      await().atMost(OperatorJourney.WAIT).until(() -> !graph.calls().isEmpty());
      assertThat(graph.calls().getFirst().body().path("message").path("text").asText()).isEqualTo("Yes, from 10 to 16.");
      assertThat(graph.calls().getFirst().body().path("recipient").path("id").asText()).isEqualTo(MessengerPayloads.PSID);

      operator.close(conversationId);
    }
  }
}
