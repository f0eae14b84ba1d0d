package dev.openlines.connector.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.MessagingWindows;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.connector.ProviderStandIn;
import dev.openlines.connector.ProviderStandIn.Answer;
import dev.openlines.connector.WhatsAppSettings;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.MessageAuthor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;

/** Outbound Cloud API calls against a local stand-in for graph.facebook.com, with Meta's documented error answers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WhatsAppMessengerTest {

  static final String TOKEN = "EAAJB-test-access-token-0123456789";
  static final String CLIENT = "16505551234";

  @Autowired WhatsAppMessenger messenger;
  @Autowired ConnectorSettingsService connectors;
  @Autowired MessagingWindows windows;
  @Autowired ConversationMessageStore messages;
  @Autowired TestRestTemplate http;
  @Autowired Clock clock;

  final AtomicInteger ids = new AtomicInteger();
  ProviderStandIn graph;
  ConnectorSettings connector;

  @BeforeEach
  void setUp() throws Exception {
    graph = new ProviderStandIn(call -> Answer.json(200, """
        {"messaging_product": "whatsapp", "contacts": [{"input": "%s", "wa_id": "%s"}],
         "messages": [{"id": "wamid.sent-%d"}]}""".formatted(CLIENT, CLIENT, ids.incrementAndGet())));
    connector = connectors.create(ConnectorSettings.of(null, "channel-" + UUID.randomUUID(), ConnectorTypes.WHATSAPP, 50_000,
        new WhatsAppSettings(WhatsAppPayloads.PHONE_NUMBER_ID, TOKEN, WhatsAppWebhookTest.APP_SECRET,
            WhatsAppWebhookTest.VERIFY_TOKEN, graph.baseUrl())));
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  OutboundMessage text(String messageId, String text) {
    return new OutboundMessage(messageId, "conv-" + messageId, ConnectorTypes.WHATSAPP, connector.id(), CLIENT, text, List.of());
  }

  void clientWroteAgo(Duration ago) {
    windows.clientWrote(connector.id(), CLIENT, clock.instant().minus(ago));
  }

  @Test
  void aTextIsPostedToThePhoneNumbersMessagesWithTheTokenAsBearerOnceHoweverOftenTheJobRuns() throws Exception {
    clientWroteAgo(Duration.ofHours(2));

    messenger.deliver(text("m1", "Yes, in blue and red."));
    messenger.deliver(text("m1", "Yes, in blue and red."));

    assertThat(graph.calls()).hasSize(1);
    ProviderStandIn.Call call = graph.calls().getFirst();
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/" + WhatsAppPayloads.PHONE_NUMBER_ID + "/messages");
    assertThat(call.query()).isNull();
    assertThat(call.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(call.body()).isEqualTo(ProviderStandIn.json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"text",\
        "text":{"preview_url":false,"body":"Yes, in blue and red."}}"""));
  }

  @Test
  void aFileGoesAsDocumentWithItsNameAndTheTextAsCaption() throws Exception {
    clientWroteAgo(Duration.ofMinutes(5));

    messenger.deliver(new OutboundMessage("m2", "conv-m2", ConnectorTypes.WHATSAPP, connector.id(), CLIENT, "Your invoice",
        List.of(new OutboundMessage.Attachment("invoice.pdf", "application/pdf", 1234, "https://files.example.com/invoice.pdf"))));

    assertThat(graph.calls()).singleElement().satisfies(call -> assertThat(call.body()).isEqualTo(ProviderStandIn.json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"document",\
        "document":{"link":"https://files.example.com/invoice.pdf","filename":"invoice.pdf","caption":"Your invoice"}}""")));
  }

  @Test
  void outsideTheCustomerServiceWindowAFreeFormReplyIsRefusedWithoutACall() {
    clientWroteAgo(Duration.ofHours(25));

    assertThatThrownBy(() -> messenger.deliver(text("m3", "Still interested?")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.permanent()).isTrue();
          assertThat(e.getMessage()).contains("Outside WhatsApp's 24-hour customer-service window").contains("template");
        });
    assertThat(graph.calls()).isEmpty();
  }

  @Test
  void aClientWhoNeverWroteCannotGetAFreeFormMessage() {
    assertThatThrownBy(() -> messenger.deliver(text("m4", "Hello")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue());
  }

  @Test
  void anApprovedTemplateIsSentOutsideTheWindow() throws Exception {
    clientWroteAgo(Duration.ofDays(3));

    messenger.sendTemplate(connector.id(), CLIENT, "m5", "order_follow_up", "en_US", List.of("Sheena", "#1234"));

    assertThat(graph.calls()).singleElement().satisfies(call -> assertThat(call.body()).isEqualTo(ProviderStandIn.json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"template",\
        "template":{"name":"order_follow_up","language":{"code":"en_US"},"components":[{"type":"body","parameters":\
        [{"type":"text","text":"Sheena"},{"type":"text","text":"#1234"}]}]}}""")));
  }

  @Test
  void aRateLimitIsTemporaryAndWaitsTheRetryAfterMetaNames() {
    clientWroteAgo(Duration.ofMinutes(1));
    graph.answerNext(new Answer(429, Map.of("Retry-After", "30"), """
        {"error": {"message": "(#130429) Rate limit hit", "type": "OAuthException", "code": 130429,
          "error_data": {"messaging_product": "whatsapp", "details": "Cloud API message throughput has been reached."},
          "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"}}"""));
    graph.answerNext(Answer.json(400, """
        {"error": {"message": "(#131056) (Business Account, Consumer Account) pair rate limit hit", "type": "OAuthException",
          "code": 131056, "fbtrace_id": "A1b2"}}"""));

    assertThatThrownBy(() -> messenger.deliver(text("m6", "Hi")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.permanent()).isFalse();
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        });
    assertThatThrownBy(() -> messenger.deliver(text("m6", "Hi")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.permanent()).isFalse();
          assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        });
  }

  @Test
  void anInvalidTokenIsPermanentAndTheMessageNamesNoSecret() {
    clientWroteAgo(Duration.ofMinutes(1));
    graph.answerNext(Answer.json(401, """
        {"error": {"message": "Error validating access token: Session has expired on Tuesday.", "type": "OAuthException",
          "code": 190, "error_subcode": 463, "fbtrace_id": "A9x"}}"""));

    assertThatThrownBy(() -> messenger.deliver(text("m7", "Hi")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.permanent()).isTrue();
          assertThat(e.getMessage()).contains("access token is invalid or expired").doesNotContain(TOKEN);
        });
  }

  @Test
  void aClientWhoBlockedTheBusinessOrIsUnreachableIsPermanentAServerErrorTemporary() {
    clientWroteAgo(Duration.ofMinutes(1));
    graph.answerNext(Answer.json(400, """
        {"error": {"message": "(#131026) Message undeliverable", "type": "OAuthException", "code": 131026,
          "error_data": {"messaging_product": "whatsapp", "details": "Unable to deliver message: the recipient may have blocked you."},
          "fbtrace_id": "B1"}}"""));
    graph.answerNext(Answer.json(503, "{\"error\": {\"message\": \"Service temporarily unavailable\", \"code\": 131016}}"));

    assertThatThrownBy(() -> messenger.deliver(text("m8", "Hi")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.permanent()).isTrue();
          assertThat(e.getMessage()).contains("131026");
        });
    assertThatThrownBy(() -> messenger.deliver(text("m9", "Hi")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isFalse());
  }

  @Test
  void deliveredAndReadReceiptsAreStoredOnTheSentMessage() throws Exception {
    clientWroteAgo(Duration.ofMinutes(1));
    String messageId = "m10-" + UUID.randomUUID();
    messages.storeOutgoingOnce(ConversationMessage.outgoing(messageId, "conv-" + messageId, MessageAuthor.OPERATOR, "op", "Hi",
        false, List.of(), clock.instant()));
    messenger.deliver(text(messageId, "Hi"));
    String wamid = "wamid.sent-" + ids.get();

    post(WhatsAppPayloads.status(wamid, "delivered", 1764650000));
    post(WhatsAppPayloads.status(wamid, "read", 1764650060));
    post(WhatsAppPayloads.status(wamid, "delivered", 1764650000));

    ConversationMessage stored = messages.find(messageId).orElseThrow();
    assertThat(stored.getReceivedByClientAt()).isEqualTo(Instant.ofEpochSecond(1764650000));
    assertThat(stored.getReadByClientAt()).isEqualTo(Instant.ofEpochSecond(1764650060));
  }

  void post(String body) {
    assertThat(http.postForEntity("/webhooks/whatsapp/" + connector.id(),
        new HttpEntity<>(body, WhatsAppWebhookTest.signed(body, WhatsAppWebhookTest.APP_SECRET)), String.class)
        .getStatusCode().value()).isEqualTo(200);
  }
}
