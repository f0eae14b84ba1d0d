package dev.openlines.connector.telegram;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.workflow.Workflow;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A Telegram update goes all the way to a running conversation process, and a reply through the
 * connector's messenger reaches the local Bot API server. Routing to an operator is the routing
 * model's part and not covered here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TelegramEndToEndTest {

  @Autowired TestRestTemplate http;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired List<ClientMessenger> messengers;
  @Autowired ZeebeTestEngine engine;

  @Test
  void anUpdateStartsTheConversationProcessAndTheReplyReachesTheBotApi() throws Exception {
    try (FakeTelegramBotApi telegram = new FakeTelegramBotApi()) {
      String token = "7000001:AAH-end-to-end";
      ConnectorSettings connector = connectors.create(new ConnectorSettings(null, "channel-" + UUID.randomUUID(),
          ConnectorTypes.TELEGRAM, 1000, new ConnectorSettings.Telegram(token, "end-to-end-secret-123", telegram.baseUrl()), null));
      HttpHeaders headers = new HttpHeaders();
      headers.setContentType(MediaType.APPLICATION_JSON);
      headers.set("X-Telegram-Bot-Api-Secret-Token", "end-to-end-secret-123");

      var response = http.postForEntity("/webhooks/telegram/" + connector.id(),
          new HttpEntity<>(TelegramWebhookTest.textUpdate(20000, 501, "I want to change my tariff"), headers), String.class);

      assertThat(response.getStatusCode().value()).isEqualTo(200);
      String conversationId = ingestion.find(connector.id(), "1111111:501").orElseThrow().conversationId();
      await().atMost(Duration.ofSeconds(15)).pollInSameThread().untilAsserted(() -> {
        Long instance = conversations.findById(conversationId).orElseThrow().getProcessInstanceKey();
        assertThat(instance).isNotNull();
        assertThatProcess(engine, instance)
            .hasPassedElement("mark-waiting")
            .hasVariableWithValue(Workflow.Variable.CONVERSATION_ID, conversationId)
            .hasVariableWithValue(Workflow.Variable.CHANNEL_ID, connector.channelId())
            .hasVariableWithValue(Workflow.Variable.CONNECTOR_TYPE, ConnectorTypes.TELEGRAM)
            .hasVariableWithValue(Workflow.Variable.CONNECTOR_ID, connector.id())
            .hasVariableWithValue(Workflow.Variable.CLIENT_ID, "1111111");
      });

      Conversation conversation = conversations.findById(conversationId).orElseThrow();
      ClientMessenger messenger = messengers.stream()
          .filter(m -> m.connectorType().equals(conversation.getConnectorType())).findFirst().orElseThrow();
      messenger.deliver(new OutboundMessage(UUID.randomUUID().toString(), conversationId, conversation.getConnectorType(),
          connector.id(), conversation.getClientId(), "Sure, which tariff would you like?", List.of()));

      assertThat(telegram.calls()).containsExactly(new FakeTelegramBotApi.Call(token, "sendMessage",
          Map.of("chat_id", "1111111", "text", "Sure, which tariff would you like?")));
    }
  }
}
