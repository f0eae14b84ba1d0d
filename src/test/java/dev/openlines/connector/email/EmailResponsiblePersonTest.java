package dev.openlines.connector.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;

/**
 * Seed 004 on the e-mail connector: an existing client's new mail goes to their CRM-responsible
 * operator (the one who answered them before), a new client's through the STRICT queue in list order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmailResponsiblePersonTest {

  @Autowired TestRestTemplate http;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired ApiKeyService apiKeys;
  @Autowired MongoTemplate mongo;
  @Autowired EmailMailboxes mailboxes;

  @Test
  void aKnownClientsNewMailGoesToTheirResponsibleOperatorANewClientsToTheFirstInTheList() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String pavel = fx.operator("pavel");
    String channel = fx.channel("email-responsible", DistributionMode.STRICT, 5, olga, pavel);
    try (GreenMailBox mail = new GreenMailBox()) {
      ConnectorSettings connector = connectors.create(ConnectorSettings.of(null, channel, ConnectorTypes.EMAIL, 1_000_000,
          mail.settings(Duration.ofMinutes(10))));
      try {
        await().atMost(OperatorJourney.WAIT).until(() -> mailboxes.watcher(connector.id()).map(MailboxWatcher::usingIdle).orElse(false));
        // Addresses of this run only: the chat tracker knows a client by address across every test of the context.
        String anna = "anna-" + UUID.randomUUID() + "@example.com";
        String ben = "ben-" + UUID.randomUUID() + "@example.com";
        OperatorJourney olgas = new OperatorJourney(http, apiKeys, routing, conversations, olga);
        OperatorJourney pavels = new OperatorJourney(http, apiKeys, routing, conversations, pavel);

        // Anna's first mail: olga is first in the list and passes; pavel answers and closes.
        mail.deliver(TestMails.mail("anna-1@example.com", "Anna <" + anna + ">", GreenMailBox.SUPPORT, "Order 1001", "Where is it?"));
        String first = conversationOf(connector, "anna-1@example.com");
        olgas.awaitOffer(first);
        assertThat(olgas.call(HttpMethod.POST, "/api/conversations/" + first + "/skip", null).getStatusCode().value()).isEqualTo(204);
        pavels.awaitOffer(first);
        pavels.answer(first);
        pavels.close(first);

        // A new thread from Anna: pavel first, although olga is first in the list and free.
        mail.deliver(TestMails.mail("anna-2@example.com", "Anna <" + anna + ">", GreenMailBox.SUPPORT, "Order 1002", "And this one?"));
        String second = conversationOf(connector, "anna-2@example.com");
        assertThat(second).isNotEqualTo(first);
        await().atMost(OperatorJourney.WAIT).untilAsserted(() -> assertThat(routing.offers(second))
            .filteredOn(o -> o.status() == OfferStatus.OFFERED).extracting(Offer::operatorId).containsExactly(pavel));

        // A new client: the list order.
        mail.deliver(TestMails.mail("ben-1@example.com", ben, GreenMailBox.SUPPORT, "Invoice", "Wrong amount"));
        String bens = conversationOf(connector, "ben-1@example.com");
        await().atMost(OperatorJourney.WAIT).untilAsserted(() -> assertThat(routing.offers(bens))
            .filteredOn(o -> o.status() == OfferStatus.OFFERED).extracting(Offer::operatorId).containsExactly(olga));
      } finally {
        connectors.delete(connector.id());
      }
    }
  }

  String conversationOf(ConnectorSettings connector, String messageId) {
    return await().atMost(OperatorJourney.WAIT)
        .until(() -> ingestion.findAnySender(connector.id(), messageId).map(ConversationMessage::getConversationId).orElse(null),
            Objects::nonNull);
  }
}
