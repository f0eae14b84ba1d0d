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
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Mail to the support mailbox opens conversations that a STRICT queue distributes in list order
 * (seed 004's "new ones through the queue"); the operator answers, replies by mail in the client's
 * thread and closes, all through the operator API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmailEndToEndTest {

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
  void newClientsMailsGoThroughTheQueueInListOrderAndTheReplyArrivesInTheClientsThread() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String pavel = fx.operator("pavel");
    String channel = fx.channel("email-e2e", DistributionMode.STRICT, 1, olga, pavel);
    try (GreenMailBox mail = new GreenMailBox()) {
      ConnectorSettings connector = connectors.create(ConnectorSettings.of(null, channel, ConnectorTypes.EMAIL, 1_000_000,
          mail.settings(Duration.ofMinutes(10))));
      try {
        await().atMost(OperatorJourney.WAIT).until(() -> mailboxes.watcher(connector.id()).map(MailboxWatcher::usingIdle).orElse(false));

        mail.deliver(TestMails.mail("anna-1@example.com", "Anna <anna@example.com>", GreenMailBox.SUPPORT, "Order 1001",
            "Where is my parcel?"));
        String annas = await().atMost(OperatorJourney.WAIT)
            .until(() -> ingestion.findAnySender(connector.id(), "anna-1@example.com").map(ConversationMessage::getConversationId).orElse(null),
                java.util.Objects::nonNull);
        OperatorJourney first = new OperatorJourney(http, apiKeys, routing, conversations, olga);
        first.awaitOffer(annas);
        first.answer(annas);

        // Olga is at her limit of one: the next new client goes to the next operator in the list.
        mail.deliver(TestMails.mail("ben-1@example.com", "ben@example.com", GreenMailBox.SUPPORT, "Invoice", "Wrong amount"));
        String bens = await().atMost(OperatorJourney.WAIT)
            .until(() -> ingestion.findAnySender(connector.id(), "ben-1@example.com").map(ConversationMessage::getConversationId).orElse(null),
                java.util.Objects::nonNull);
        new OperatorJourney(http, apiKeys, routing, conversations, pavel).awaitOffer(bens);

        first.reply(annas, "It leaves the warehouse today.");
        MimeMessage reply = await().atMost(OperatorJourney.WAIT).until(() -> mail.sentTo("anna@example.com"), found -> !found.isEmpty())
            .getFirst();
        assertThat(reply.getSubject()).isEqualTo("Re: Order 1001");
        assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo("<anna-1@example.com>");
        assertThat(((String) reply.getContent()).strip()).isEqualTo("It leaves the warehouse today.");

        first.close(annas);
      } finally {
        connectors.delete(connector.id());
      }
    }
  }
}
