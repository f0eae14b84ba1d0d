package dev.openlines.connector.livechat;

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
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** A visitor's message starts the conversation process; the reply arrives on the visitor's event stream. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveChatEndToEndTest {

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired List<ClientMessenger> messengers;
  @Autowired ZeebeTestEngine engine;

  @Test
  @SuppressWarnings("unchecked")
  void aVisitorsMessageStartsTheProcessAndTheReplyArrivesByServerSentEvents() throws Exception {
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, "channel-" + UUID.randomUUID(),
        ConnectorTypes.LIVECHAT, 1000, null, new ConnectorSettings.LiveChat(false, null)));
    Map<String, Object> chat = http.postForEntity("/livechat/" + connector.id() + "/chats", Map.of("name", "Ann"), Map.class).getBody();
    String token = (String) chat.get("token");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", token);

    try (LiveChatClient browser = new LiveChatClient(port, token)) {
      http.postForEntity("/livechat/messages", new HttpEntity<>(Map.of("clientMessageId", "c-1", "text", "Hello"), headers), String.class);
      String conversationId = ingestion.find(connector.id(), "c-1").orElseThrow().conversationId();
      await().atMost(Duration.ofSeconds(15)).pollInSameThread().untilAsserted(() -> {
        Long instance = conversations.findById(conversationId).orElseThrow().getProcessInstanceKey();
        assertThat(instance).isNotNull();
        assertThatProcess(engine, instance).hasPassedElement("mark-waiting");
      });

      Conversation conversation = conversations.findById(conversationId).orElseThrow();
      messengers.stream().filter(m -> m.connectorType().equals(conversation.getConnectorType())).findFirst().orElseThrow()
          .deliver(new OutboundMessage(UUID.randomUUID().toString(), conversationId, conversation.getConnectorType(),
              connector.id(), conversation.getClientId(), "Hi Ann, how can I help?", List.of()));

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(browser.messageData()).singleElement().asString().contains("\"text\":\"Hi Ann, how can I help?\""));
    }
  }
}
