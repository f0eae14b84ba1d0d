package dev.openlines.connector.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.connector.TelegramSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TelegramMessengerTest {

  static final String TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";

  @Autowired List<ClientMessenger> messengers;
  @Autowired ConnectorSettingsService connectors;
  @Autowired TelegramBotApi api;
  @Autowired TelegramDeliveries deliveries;
  @Autowired TelegramProperties properties;
  @Autowired dev.openlines.attachment.AttachmentStore files;

  FakeTelegramBotApi telegram;
  ConnectorSettings connector;
  ClientMessenger messenger;

  @BeforeEach
  void setUp() throws Exception {
    telegram = new FakeTelegramBotApi();
    connector = connectors.create(new ConnectorSettings(null, "channel-" + UUID.randomUUID(), ConnectorTypes.TELEGRAM,
        1000, new TelegramSettings(TOKEN, "webhook-secret-0123456789", telegram.baseUrl()), null));
    messenger = messengers.stream().filter(m -> m.connectorType().equals(ConnectorTypes.TELEGRAM)).findFirst().orElseThrow();
  }

  @AfterEach
  void tearDown() {
    telegram.close();
  }

  OutboundMessage text(String text) {
    return new OutboundMessage(UUID.randomUUID().toString(), "conversation-1", ConnectorTypes.TELEGRAM, connector.id(),
        "1111111", text, List.of());
  }

  @Test
  void textGoesBySendMessageToTheClientsChat() throws Exception {
    messenger.deliver(text("Hello, how can I help?"));

    assertThat(telegram.calls()).containsExactly(new FakeTelegramBotApi.Call(TOKEN, "sendMessage",
        Map.of("chat_id", "1111111", "text", "Hello, how can I help?")));
  }

  @Test
  void filesGoBySendDocumentWithTheTextAsCaption() throws Exception {
    OutboundMessage message = new OutboundMessage(UUID.randomUUID().toString(), "conversation-1", ConnectorTypes.TELEGRAM,
        connector.id(), "1111111", "Your invoice and the photo you sent",
        List.of(new OutboundMessage.Attachment("invoice.pdf", "application/pdf", 1000, "https://files.example.com/invoice.pdf"),
            new OutboundMessage.Attachment("photo.jpg", "image/jpeg", 40012, "telegram-file:AgADBAADlarge")));

    messenger.deliver(message);

    assertThat(telegram.calls()).containsExactly(
        new FakeTelegramBotApi.Call(TOKEN, "sendDocument", Map.of("chat_id", "1111111",
            "document", "https://files.example.com/invoice.pdf", "caption", "Your invoice and the photo you sent")),
        new FakeTelegramBotApi.Call(TOKEN, "sendDocument", Map.of("chat_id", "1111111", "document", "AgADBAADlarge")));
  }

  @Test
  void tooManyRequestsIsTemporaryAndWaitsTheRetryAfterTelegramNames() {
    telegram.answerNext(429,
        "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\",\"parameters\":{\"retry_after\":7}}");

    assertThatThrownBy(() -> messenger.deliver(text("Hi")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.permanent()).isFalse();
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
          assertThat(e).hasMessageContaining("Too Many Requests");
        });
  }

  @Test
  void aBotBlockedByTheUserIsPermanent() {
    telegram.answerNext(403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}");

    assertThatThrownBy(() -> messenger.deliver(text("Hi")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.permanent()).isTrue();
          assertThat(e).hasMessageContaining("bot was blocked by the user");
        });
  }

  @Test
  void serverErrorsAndAnUnreachableApiAreTemporary() throws Exception {
    telegram.answerNext(502, "<html>Bad Gateway</html>");
    assertThatThrownBy(() -> messenger.deliver(text("Hi")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isFalse());

    telegram.close();
    assertThatThrownBy(() -> messenger.deliver(text("Hi")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.permanent()).isFalse();
          assertThat(e.retryAfter()).isZero();
        });
  }

  @Test
  void aRedeliveredSendJobDoesNotReachTheClientTwice() throws Exception {
    OutboundMessage message = new OutboundMessage(UUID.randomUUID().toString(), "conversation-1", ConnectorTypes.TELEGRAM,
        connector.id(), "1111111", "Two files",
        List.of(new OutboundMessage.Attachment("a.pdf", "application/pdf", 1, "https://files.example.com/a.pdf"),
            new OutboundMessage.Attachment("b.pdf", "application/pdf", 1, "https://files.example.com/b.pdf")));
    telegram.answerNext(200, "{\"ok\":true,\"result\":{\"message_id\":1}}");
    telegram.answerNext(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\",\"parameters\":{\"retry_after\":1}}");
    assertThatThrownBy(() -> messenger.deliver(message)).isInstanceOf(DeliveryException.class);

    messenger.deliver(message);
    messenger.deliver(message);

    assertThat(telegram.calls()).extracting(call -> call.body().get("document")).containsExactly(
        "https://files.example.com/a.pdf", "https://files.example.com/b.pdf", "https://files.example.com/b.pdf");
  }

  @Test
  void withoutItsOwnServerABotUsesTheConfiguredBotApiBaseUrl() throws Exception {
    assertThat(properties.apiBaseUrl()).isEqualTo(URI.create("https://api.telegram.org"));
    ConnectorSettings plain = connectors.create(new ConnectorSettings(null, "channel-" + UUID.randomUUID(),
        ConnectorTypes.TELEGRAM, 1000, new TelegramSettings(TOKEN, "webhook-secret-0123456789"), null));
    var configured = new TelegramMessenger(connectors, api, deliveries, new TelegramProperties(telegram.baseUrl(), Duration.ofSeconds(5)), files);

    configured.deliver(new OutboundMessage(UUID.randomUUID().toString(), "c", ConnectorTypes.TELEGRAM, plain.id(),
        "42", "Hi", List.of()));

    assertThat(telegram.calls()).extracting(FakeTelegramBotApi.Call::method).containsExactly("sendMessage");
  }
}
