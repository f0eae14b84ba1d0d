package dev.openlines.connector.whatsapp;

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
import dev.openlines.connector.WhatsAppSettings;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.DeliveryStatus;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;

/**
 * A WhatsApp client writes through the webhook; the conversation is routed on the real engine to the
 * channel's operator, who answers, replies and closes it through the operator API; the reply reaches
 * the stand-in Graph API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WhatsAppEndToEndTest {

  @Autowired TestRestTemplate http;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationMessageStore messages;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired ApiKeyService apiKeys;
  @Autowired MongoTemplate mongo;
  @Autowired Clock clock;

  @Test
  void aClientsWhatsAppMessageIsRoutedAnsweredRepliedToAndClosed() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel("whatsapp-e2e", DistributionMode.STRICT, 2, olga);
    try (ProviderStandIn graph = new ProviderStandIn(call -> Answer.json(200,
        "{\"messaging_product\": \"whatsapp\", \"messages\": [{\"id\": \"wamid.reply-1\"}]}"))) {
      ConnectorSettings connector = connectors.create(ConnectorSettings.of(null, channel, ConnectorTypes.WHATSAPP, 50_000,
          new WhatsAppSettings(WhatsAppPayloads.PHONE_NUMBER_ID, "EAAJB-end-to-end-token-0123456789",
              WhatsAppWebhookTest.APP_SECRET, WhatsAppWebhookTest.VERIFY_TOKEN, graph.baseUrl())));
      String body = WhatsAppPayloads.text("wamid.e2e-1", clock.instant().getEpochSecond(), "Where is my order?");
      assertThat(http.postForEntity("/webhooks/whatsapp/" + connector.id(),
          new HttpEntity<>(body, WhatsAppWebhookTest.signed(body, WhatsAppWebhookTest.APP_SECRET)), String.class)
          .getStatusCode().value()).isEqualTo(200);
      String conversationId = ingestion.findAnySender(connector.id(), "wamid.e2e-1").orElseThrow().getConversationId();

      OperatorJourney operator = new OperatorJourney(http, apiKeys, routing, conversations, olga);
      operator.awaitOffer(conversationId);
      operator.answer(conversationId);
      String replyId = operator.reply(conversationId, "It ships today.");

      await().atMost(OperatorJourney.WAIT).until(() -> !graph.calls().isEmpty());
      assertThat(graph.calls().getFirst().body().path("to").asText()).isEqualTo(WhatsAppPayloads.CLIENT);
      assertThat(graph.calls().getFirst().body().path("text").path("body").asText()).isEqualTo("It ships today.");
      assertThat(messages.find(replyId).orElseThrow()).extracting(ConversationMessage::getDelivery).isEqualTo(DeliveryStatus.DELIVERED);

      operator.close(conversationId);
    }
  }

  @Test
  void theOperatorWhoHoldsAWhatsAppConversationSendsAnApprovedTemplateAndAnUnknownConversationIsNotFound() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String pavel = fx.operator("pavel");
    String channel = fx.channel("whatsapp-template", DistributionMode.STRICT, 2, pavel);
    try (ProviderStandIn graph = new ProviderStandIn(call -> Answer.json(200,
        "{\"messaging_product\": \"whatsapp\", \"messages\": [{\"id\": \"wamid.template-1\"}]}"))) {
      ConnectorSettings connector = connectors.create(ConnectorSettings.of(null, channel, ConnectorTypes.WHATSAPP, 50_000,
          new WhatsAppSettings(WhatsAppPayloads.PHONE_NUMBER_ID, "EAAJB-template-token-0123456789",
              WhatsAppWebhookTest.APP_SECRET, WhatsAppWebhookTest.VERIFY_TOKEN, graph.baseUrl())));
      // A client of its own: a client an operator served before is offered to that operator again.
      String client = "1650" + (1_000_000 + new java.util.Random().nextInt(8_999_999));
      String body = WhatsAppPayloads.text("wamid.template-in", clock.instant().getEpochSecond(), "Any news?")
          .replace(WhatsAppPayloads.CLIENT, client);
      http.postForEntity("/webhooks/whatsapp/" + connector.id(),
          new HttpEntity<>(body, WhatsAppWebhookTest.signed(body, WhatsAppWebhookTest.APP_SECRET)), String.class);
      String conversationId = ingestion.findAnySender(connector.id(), "wamid.template-in").orElseThrow().getConversationId();
      OperatorJourney operator = new OperatorJourney(http, apiKeys, routing, conversations, pavel);
      operator.awaitOffer(conversationId);
      operator.answer(conversationId);

      var template = Map.of("name", "order_follow_up", "language", "en_US", "bodyParameters", List.of("Sheena"));
      var sent = operator.call(HttpMethod.POST, "/api/conversations/" + conversationId + "/whatsapp-template", template);

      assertThat(sent.getStatusCode().value()).isEqualTo(201);
      assertThat(templatesSent(graph)).singleElement().satisfies(call -> {
        assertThat(call.body().path("to").asText()).isEqualTo(client);
        assertThat(call.body().path("template").path("name").asText()).isEqualTo("order_follow_up");
      });
      assertThat(messages.find(sent.getBody().path("id").asText()).orElseThrow())
          .extracting(ConversationMessage::getDelivery).isEqualTo(DeliveryStatus.DELIVERED);

      assertThat(operator.call(HttpMethod.POST, "/api/conversations/no-such-" + conversationId + "/whatsapp-template", template)
          .getStatusCode().value()).isEqualTo(404);
      assertThat(templatesSent(graph)).hasSize(1);
    }
  }

  private static List<ProviderStandIn.Call> templatesSent(ProviderStandIn graph) {
    return graph.calls().stream().filter(call -> "template".equals(call.body().path("type").asText())).toList();
  }
}
