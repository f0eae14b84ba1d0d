package dev.openlines.connector.livechat;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.ClientRating;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.DeliveryStatus;
import dev.openlines.conversation.MessageAuthor;
import dev.openlines.conversation.MessageSendingService;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A visitor's message, all the way on the real engine: stored, conversation created, offered to every
 * online operator of the channel (ALL), answered by one, and that operator's reply arrives on the
 * visitor's open event stream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveChatEndToEndTest {

  static final Duration WAIT = Duration.ofSeconds(15);

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationMessageStore messages;
  @Autowired MessageSendingService sending;
  @Autowired RoutingService routing;
  @Autowired ConversationCommands commands;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  @Autowired ZeebeTestEngine engine;

  @Test
  @SuppressWarnings("unchecked")
  void aVisitorsMessageIsRoutedAndTheAnsweringOperatorsReplyArrivesByServerSentEvents() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String paul = fx.operator("paul");
    String channel = fx.channel("livechat-e2e", DistributionMode.ALL, 2, olga, paul);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel,
        ConnectorTypes.LIVECHAT, 1000, null, new LiveChatSettings(false, null, false)));
    Map<String, Object> chat = http.postForEntity("/livechat/" + connector.id() + "/chats", Map.of("name", "Ann"), Map.class).getBody();
    String token = (String) chat.get("token");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", token);

    try (LiveChatClient browser = new LiveChatClient(port, token)) {
      var accepted = http.postForEntity("/livechat/messages",
          new HttpEntity<>(Map.of("clientMessageId", "c-1", "text", "Hello"), headers), String.class);
      assertThat(accepted.getStatusCode().value()).isEqualTo(202);

      ConversationMessage inbound = ingestion.find(connector.id(), (String) chat.get("sessionId"), "c-1").orElseThrow();
      assertThat(inbound.getClientId()).isEqualTo(chat.get("sessionId"));
      String conversationId = inbound.getConversationId();

      // ALL: both online operators see the offer.
      await().atMost(WAIT).untilAsserted(() -> assertThat(routing.offers(conversationId))
          .extracting(Offer::operatorId, Offer::status)
          .containsExactlyInAnyOrder(Tuple.tuple(olga, OfferStatus.OFFERED), Tuple.tuple(paul, OfferStatus.OFFERED)));
      long instance = await().atMost(WAIT)
          .until(() -> conversations.findById(conversationId).orElseThrow().getProcessInstanceKey(), Objects::nonNull);

      routing.answer(conversationId, paul);

      await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, instance)
          .hasPassedElementsInOrder("anyone-answered", "operator-found", "mark-in-progress")
          .isWaitingAtElements("conversation-closed"));
      assertThat(routing.offers(conversationId)).filteredOn(offer -> offer.operatorId().equals(olga))
          .extracting(Offer::status).doesNotContain(OfferStatus.OFFERED);
      Conversation conversation = conversations.findById(conversationId).orElseThrow();
      assertThat(conversation.getStatus()).isEqualTo(ConversationStatus.IN_PROGRESS);

      sending.sendOperatorMessage(conversation, paul, "reply-" + conversationId, "Hi Ann, how can I help?");

      await().atMost(WAIT).untilAsserted(() ->
          assertThat(browser.messageData()).singleElement().asString().contains("\"text\":\"Hi Ann, how can I help?\""));
      assertThat(messages.history(conversationId)).extracting(ConversationMessage::getAuthor, ConversationMessage::getOperatorId,
              ConversationMessage::getDelivery)
          .containsExactly(Tuple.tuple(MessageAuthor.CLIENT, null, null), Tuple.tuple(MessageAuthor.OPERATOR, paul, DeliveryStatus.DELIVERED));

      // Rating opens once the operator closed the conversation.
      var tooEarly = http.postForEntity("/livechat/rating", new HttpEntity<>(Map.of("rating", "LIKE"), headers), String.class);
      assertThat(tooEarly.getStatusCode().value()).isEqualTo(409);
      commands.close(conversationId, paul, "close-" + conversationId);
      await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, instance)
          .hasPassedElementsInOrder("conversation-closed", "mark-closed", "free-slot"));
      assertThat(conversations.findById(conversationId).orElseThrow().getStatus()).isEqualTo(ConversationStatus.CLOSED);

      var rated = http.postForEntity("/livechat/rating",
          new HttpEntity<>(Map.of("rating", "LIKE", "comment", "Quick and kind"), headers), String.class);
      assertThat(rated.getStatusCode().value()).isEqualTo(204);
      assertThat(conversations.findById(conversationId).orElseThrow().getClientRating()).isEqualTo(ClientRating.LIKE);
    }
  }
}
