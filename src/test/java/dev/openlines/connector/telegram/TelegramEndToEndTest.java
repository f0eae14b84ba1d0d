package dev.openlines.connector.telegram;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.QueueEntry;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.TelegramSettings;
import dev.openlines.conversation.Conversation;
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
import dev.openlines.workflow.Workflow;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A Telegram update through the webhook, all the way on the real engine: stored, conversation
 * created, offered to the channel's online operator, answered, and the operator's reply posted to
 * the local Bot API server as {@code sendMessage}. The client's next message feeds routing's
 * capacity count and the response-time clock.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TelegramEndToEndTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final String SECRET = "end-to-end-secret-123";

  @Autowired TestRestTemplate http;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationMessageStore messages;
  @Autowired MessageSendingService sending;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  @Autowired ZeebeTestEngine engine;

  ResponseEntity<String> deliver(ConnectorSettings connector, String update) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Telegram-Bot-Api-Secret-Token", SECRET);
    return http.postForEntity("/webhooks/telegram/" + connector.id(), new HttpEntity<>(update, headers), String.class);
  }

  @Test
  void anUpdateIsRoutedToAnOperatorWhoseReplyReachesTheBotApi() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    // "Waiting for the client": a replied conversation stops counting against Olga until the client writes.
    String channel = fx.channel("telegram-e2e", DistributionMode.STRICT, 1, LimitExclusion.WAITING_FOR_CLIENT,
        List.of(QueueEntry.operator(olga)));
    try (FakeTelegramBotApi telegram = new FakeTelegramBotApi()) {
      String token = "7000001:AAH-end-to-end";
      ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 1000,
          new TelegramSettings(token, SECRET, telegram.baseUrl()), null));

      assertThat(deliver(connector, TelegramWebhookTest.textUpdate(20000, 501, "I want to change my tariff")).getStatusCode().value())
          .isEqualTo(200);

      // Stored first, with its conversation, which starts the clock of the first response.
      ConversationMessage inbound = ingestion.find(connector.id(), "1111111", "1111111:501").orElseThrow();
      assertThat(inbound.getAuthor()).isEqualTo(MessageAuthor.CLIENT);
      String conversationId = inbound.getConversationId();
      assertThat(conversations.findById(conversationId).orElseThrow().getAwaitingReplySince()).isEqualTo(inbound.getCreatedAt());

      // Offered to the channel's online operator.
      await().atMost(WAIT).untilAsserted(() -> assertThat(routing.offers(conversationId))
          .extracting(Offer::operatorId, Offer::status).containsExactly(org.assertj.core.groups.Tuple.tuple(olga, OfferStatus.OFFERED)));
      long instance = await().atMost(WAIT)
          .until(() -> conversations.findById(conversationId).orElseThrow().getProcessInstanceKey(), java.util.Objects::nonNull);
      await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, instance)
          .isWaitingAtElements("wait-for-one")
          .hasVariableWithValue(Workflow.Variable.CONNECTOR_TYPE, ConnectorTypes.TELEGRAM)
          .hasVariableWithValue(Workflow.Variable.CLIENT_ID, "1111111"));

      routing.answer(conversationId, olga);

      await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, instance)
          .hasPassedElementsInOrder("operator-answered", "operator-found", "mark-in-progress")
          .isWaitingAtElements("conversation-closed"));
      Conversation conversation = conversations.findById(conversationId).orElseThrow();
      assertThat(conversation.getStatus()).isEqualTo(ConversationStatus.IN_PROGRESS);
      assertThat(fx.load(olga, channel)).isEqualTo(1);

      // The operator replies through the service the operator API sends with.
      sending.sendOperatorMessage(conversation, olga, "reply-" + conversationId, "Sure, which tariff would you like?");
      routing.operatorReplied(conversationId);

      assertThat(telegram.calls()).containsExactly(new FakeTelegramBotApi.Call(token, "sendMessage",
          Map.of("chat_id", "1111111", "text", "Sure, which tariff would you like?")));
      assertThat(messages.history(conversationId)).extracting(ConversationMessage::getAuthor, ConversationMessage::getDelivery)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(MessageAuthor.CLIENT, null),
              org.assertj.core.groups.Tuple.tuple(MessageAuthor.OPERATOR, DeliveryStatus.DELIVERED));
      assertThat(fx.load(olga, channel)).isZero();

      // The client writes again: the conversation counts against Olga again.
      assertThat(deliver(connector, TelegramWebhookTest.textUpdate(20001, 502, "The cheapest one")).getStatusCode().value())
          .isEqualTo(200);
      assertThat(ingestion.find(connector.id(), "1111111", "1111111:502").orElseThrow().getConversationId()).isEqualTo(conversationId);
      assertThat(fx.load(olga, channel)).isEqualTo(1);
    }
  }
}
