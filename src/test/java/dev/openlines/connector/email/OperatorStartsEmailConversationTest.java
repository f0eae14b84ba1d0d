package dev.openlines.connector.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * POST /api/conversations on an e-mail connector: an operator writes first to a client who mailed before;
 * the conversation is theirs and their text leaves as a mail to the client's address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorStartsEmailConversationTest {

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
  void anOperatorStartsAConversationWithAClientWhoMailedBeforeAndTheTextIsMailedToThem() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String colleague = fx.operator("colleague");
    String channel = fx.channel("email-operator-start", DistributionMode.STRICT, 5, olga, colleague);
    try (GreenMailBox mail = new GreenMailBox()) {
      ConnectorSettings connector = connectors.create(ConnectorSettings.of(null, channel, ConnectorTypes.EMAIL, 1_000_000,
          mail.settings(Duration.ofMinutes(10))));
      try {
        await().atMost(OperatorJourney.WAIT).until(() -> mailboxes.watcher(connector.id()).map(MailboxWatcher::usingIdle).orElse(false));
        String anna = "anna-" + UUID.randomUUID() + "@example.com";
        String mailId = "start-" + UUID.randomUUID() + "@example.com";
        OperatorJourney olgas = new OperatorJourney(http, apiKeys, routing, conversations, olga);
        mail.deliver(TestMails.mail(mailId, "Anna <" + anna + ">", GreenMailBox.SUPPORT, "Order 1001", "Where is it?"));
        String earlier = await().atMost(OperatorJourney.WAIT)
            .until(() -> ingestion.findAnySender(connector.id(), mailId).map(ConversationMessage::getConversationId).orElse(null),
                Objects::nonNull);
        olgas.awaitOffer(earlier);
        olgas.answer(earlier);
        olgas.close(earlier);
        String clientId = conversations.findById(earlier).orElseThrow().getClientId();

        ResponseEntity<JsonNode> started = olgas.call(HttpMethod.POST, "/api/conversations",
            Map.of("connectorId", connector.id(), "clientId", clientId, "text", "Your parcel left the warehouse."));

        assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(202);
        String conversationId = started.getBody().get("conversationId").asText();
        assertThat(conversationId).isNotEqualTo(earlier);
        await().atMost(OperatorJourney.WAIT)
            .until(() -> conversations.findById(conversationId).orElseThrow().getStatus() == ConversationStatus.IN_PROGRESS);
        assertThat(routing.state(conversationId).orElseThrow().getAssignedOperatorId()).isEqualTo(olga);
        assertThat(routing.offers(conversationId)).extracting(Offer::operatorId).containsOnly(olga);
        MimeMessage sent = await().atMost(OperatorJourney.WAIT)
            .until(() -> mail.sentTo(anna).stream().filter(m -> body(m).contains("Your parcel left the warehouse.")).toList(),
                found -> !found.isEmpty())
            .getFirst();
        assertThat(sent.getAllRecipients()[0].toString()).contains(anna);
      } finally {
        connectors.delete(connector.id());
      }
    }
  }

  static String body(MimeMessage mail) {
    try {
      return mail.getContent().toString();
    } catch (Exception unreadable) {
      return "";
    }
  }
}
