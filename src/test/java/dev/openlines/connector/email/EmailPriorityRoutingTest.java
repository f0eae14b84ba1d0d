package dev.openlines.connector.email;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * An e-mail its sender marked as urgent has priority HIGH in the conversation process, so the sample row
 * "Urgent e-mails go to the priority desk" of dmn/distribution.dmn sends it to that department; an
 * ordinary mail goes to the channel's queue.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmailPriorityRoutingTest {

  static final String PRIORITY_DESK = "priority-desk";

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
  @Autowired ZeebeTestEngine engine;

  String desk;

  @AfterEach
  void deskGoesOffline() {
    // The department is shared by every test of this context: it must be empty again afterwards.
    if (desk != null) {
      operators.changePresence(desk, Presence.OFFLINE);
      // Out of the department too: a department with members but nobody available keeps its conversations
      // waiting, where an empty one falls back to the channel's queue (other tests' English clients).
      operators.changeDepartments(desk, java.util.Set.of());
    }
  }

  @Test
  void anUrgentMailGoesToThePriorityDeskAndAnOrdinaryOneToTheQueue() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    desk = fx.operator("desk", PRIORITY_DESK);
    String channel = fx.channel("email-priority", DistributionMode.STRICT, 5, olga);
    try (GreenMailBox mail = new GreenMailBox()) {
      ConnectorSettings connector = connectors.create(ConnectorSettings.of(null, channel, ConnectorTypes.EMAIL, 1_000_000,
          mail.settings(Duration.ofMinutes(10))));
      try {
        await().atMost(OperatorJourney.WAIT).until(() -> mailboxes.watcher(connector.id()).map(MailboxWatcher::usingIdle).orElse(false));

        mail.deliver(TestMails.mail("calm-1@example.com", "calm@example.com", GreenMailBox.SUPPORT, "Question", "When do you open?"));
        String calm = conversationOf(connector, "calm-1@example.com");
        new OperatorJourney(http, apiKeys, routing, conversations, olga).awaitOffer(calm);
        assertThatProcess(engine, processOf(calm)).hasVariableWithValue("priority", "NORMAL");

        MimeMessage urgent = TestMails.mail("urgent-1@example.com", "boss@example.com", GreenMailBox.SUPPORT, "Server down",
            "Nothing works!");
        urgent.setHeader("Importance", "high");
        urgent.saveChanges();
        mail.deliver(urgent);
        String pressing = conversationOf(connector, "urgent-1@example.com");
        new OperatorJourney(http, apiKeys, routing, conversations, desk).awaitOffer(pressing);
        assertThatProcess(engine, processOf(pressing)).hasVariableWithValue("priority", "HIGH");
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

  long processOf(String conversationId) {
    return await().atMost(OperatorJourney.WAIT)
        .until(() -> conversations.findById(conversationId).map(Conversation::getProcessInstanceKey).orElse(null), Objects::nonNull);
  }
}
