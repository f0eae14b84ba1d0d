package dev.openlines.connector.whatsapp;

import dev.openlines.connector.WhatsAppSettings;
import dev.openlines.testing.TestChannels;
import static dev.openlines.connector.whatsapp.WhatsAppPayloads.CLIENT;
import static dev.openlines.connector.whatsapp.WhatsAppPayloads.PHONE_NUMBER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.WebhookPosts;
import dev.openlines.connector.WebhookSignatures;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.inbound.InboundMessageService;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Cloud API notifications as Meta documents them, posted signed as Meta does. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WhatsAppWebhookTest {

  static final String APP_SECRET = "0123456789abcdef0123456789abcdef";
  static final String VERIFY_TOKEN = "verify-token-for-tests";

  @Autowired TestRestTemplate http;

  @Autowired dev.openlines.channel.ChannelService channelService;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired MongoTemplate mongo;

  ConnectorSettings connector;

  @BeforeEach
  void connector() {
    connector = connectors.create(ConnectorSettings.of(null, TestChannels.create(channelService), ConnectorTypes.WHATSAPP, 50_000,
        new WhatsAppSettings(PHONE_NUMBER_ID, "EAAJB-test-access-token-0123456789", APP_SECRET, VERIFY_TOKEN, null)));
  }

  static HttpHeaders signed(String body, String secret) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (secret != null) {
      headers.set("X-Hub-Signature-256", "sha256=" + WebhookSignatures.hmacSha256Hex(body.getBytes(StandardCharsets.UTF_8), secret));
    }
    return headers;
  }

  ResponseEntity<String> post(String body, String secret) {
    return http.postForEntity("/webhooks/whatsapp/" + connector.id(), new HttpEntity<>(body, signed(body, secret)), String.class);
  }

  long stored() {
    return mongo.count(Query.query(Criteria.where("connectorId").is(connector.id())), ConversationMessage.class);
  }

  ConversationMessage find(String wamid) {
    return ingestion.findAnySender(connector.id(), wamid).orElseThrow();
  }

  @Test
  void theVerificationRequestIsAnsweredWithTheChallengeOnlyForTheRightToken() {
    ResponseEntity<String> right = http.getForEntity("/webhooks/whatsapp/" + connector.id()
        + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + VERIFY_TOKEN, String.class);
    ResponseEntity<String> wrong = http.getForEntity("/webhooks/whatsapp/" + connector.id()
        + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess", String.class);
    ResponseEntity<String> noMode = http.getForEntity("/webhooks/whatsapp/" + connector.id()
        + "?hub.challenge=1158201444&hub.verify_token=" + VERIFY_TOKEN, String.class);

    assertThat(right.getStatusCode().value()).isEqualTo(200);
    assertThat(right.getBody()).isEqualTo("1158201444");
    assertThat(List.of(wrong, noMode)).allSatisfy(response -> {
      assertThat(response.getStatusCode().value()).isEqualTo(403);
      assertThat(response.getBody()).doesNotContain("1158201444").contains("hub.verify_token");
    });
  }

  @Test
  void aTextMessageIsStoredWithTheSendersWaIdNameAndPhone() {
    assertThat(post(WhatsAppPayloads.text("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", 1749416383,
        "Does it come in another color?"), APP_SECRET).getStatusCode().value()).isEqualTo(200);

    ConversationMessage message = find("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
    assertThat(message.getText()).isEqualTo("Does it come in another color?");
    assertThat(message.getClientId()).isEqualTo(CLIENT);
    assertThat(message.getClient().name()).isEqualTo("Sheena Nelson");
    assertThat(message.getClient().phone()).isEqualTo("+" + CLIENT);
    assertThat(message.getSentAt()).isEqualTo(Instant.ofEpochSecond(1749416383));
    assertThat(message.getConversationId()).isNotNull();
  }

  @Test
  void mediaLocationContactsAndInteractiveRepliesAreReadable() {
    post(WhatsAppPayloads.message("wamid.image", 1749416400, """
        "type": "image", "image": {"caption": "The broken part", "mime_type": "image/jpeg",
          "sha256": "HgTQ2BJj6lPp4ytGaR5g8PcGtC4rMBJc3sCq1YdHcc8=", "id": "1003383421387256"}"""), APP_SECRET);
    post(WhatsAppPayloads.message("wamid.document", 1749416401, """
        "type": "document", "document": {"filename": "invoice.pdf", "mime_type": "application/pdf",
          "sha256": "Hk8kq3sU1oWk5qD6E5n9sJmN2k+VnQw8sT8K2lq8n5E=", "id": "1003383421387257"}"""), APP_SECRET);
    post(WhatsAppPayloads.message("wamid.location", 1749416402, """
        "type": "location", "location": {"address": "1 Hacker Way, Menlo Park, CA 94025", "latitude": 37.483307,
          "longitude": -122.148981, "name": "Main Street Beach", "url": "https://www.facebook.com"}"""), APP_SECRET);
    post(WhatsAppPayloads.message("wamid.contacts", 1749416403, """
        "type": "contacts", "contacts": [{"name": {"formatted_name": "Barbara J. Johnson", "first_name": "Barbara"},
          "phones": [{"phone": "+1 (940) 555-1234", "type": "HOME", "wa_id": "19405551234"}],
          "emails": [{"email": "bjohnson@example.com", "type": "HOME"}]}]"""), APP_SECRET);
    post(WhatsAppPayloads.message("wamid.button", 1749416404, """
        "type": "interactive", "interactive": {"type": "button_reply", "button_reply": {"id": "change-button", "title": "Change"}}"""),
        APP_SECRET);
    post(WhatsAppPayloads.message("wamid.list", 1749416405, """
        "type": "interactive", "interactive": {"type": "list_reply",
          "list_reply": {"id": "priority_express", "title": "Priority Mail Express", "description": "Next Day to 2 Days"}}"""),
        APP_SECRET);
    post(WhatsAppPayloads.message("wamid.reaction", 1749416406, """
        "type": "reaction", "reaction": {"message_id": "wamid.image", "emoji": "\\uD83D\\uDE00"}"""), APP_SECRET);

    assertThat(find("wamid.image").getText()).isEqualTo("The broken part");
    assertThat(find("wamid.image").getAttachments()).containsExactly(new ConversationMessage.StoredAttachment(
        "image-1003383421387256", "image/jpeg", 0, "whatsapp-media:1003383421387256", false));
    assertThat(find("wamid.document").getAttachments()).extracting(ConversationMessage.StoredAttachment::name).containsExactly("invoice.pdf");
    assertThat(find("wamid.location").getText())
        .isEqualTo("Location: Main Street Beach, 1 Hacker Way, Menlo Park, CA 94025, https://maps.google.com/?q=37.483307,-122.148981");
    assertThat(find("wamid.contacts").getText()).isEqualTo("Contact: Barbara J. Johnson, +1 (940) 555-1234, bjohnson@example.com");
    assertThat(find("wamid.button").getText()).isEqualTo("Change");
    assertThat(find("wamid.list").getText()).isEqualTo("Priority Mail Express (Next Day to 2 Days)");
    assertThat(ingestion.findAnySender(connector.id(), "wamid.reaction")).isEmpty();
  }

  @Test
  void notificationsForAnotherPhoneNumberOfTheAppAreAcknowledgedAndIgnored() {
    String other = WhatsAppPayloads.notification("999999999999999", """
        "messages": [{"from": "16505550000", "id": "wamid.other", "timestamp": "1749416383", "type": "text", "text": {"body": "hi"}}]""");

    assertThat(post(other, APP_SECRET).getStatusCode().value()).isEqualTo(200);
    assertThat(stored()).isZero();
  }

  @Test
  void aMissingOrWrongSignatureIsRejectedAndNothingIsStored() {
    String body = WhatsAppPayloads.text("wamid.unsigned", 1749416383, "Hi");
    ResponseEntity<String> missing = post(body, null);
    ResponseEntity<String> otherSecret = post(body, "another-apps-secret-0123456789ab");
    HttpHeaders tampered = signed(body, APP_SECRET);
    ResponseEntity<String> changedBody = http.postForEntity("/webhooks/whatsapp/" + connector.id(),
        new HttpEntity<>(body.replace("Hi", "Hello"), tampered), String.class);

    assertThat(List.of(missing, otherSecret, changedBody)).allSatisfy(response -> {
      assertThat(response.getStatusCode().value()).isEqualTo(401);
      assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
      assertThat(response.getBody()).contains("X-Hub-Signature-256").doesNotContain(APP_SECRET);
    });
    assertThat(stored()).isZero();
  }

  @Test
  void aMalformedBodyIsA400ProblemThatSaysWhatIsMissing() {
    ResponseEntity<String> notJson = post("{\"object\": ", APP_SECRET);
    ResponseEntity<String> noFrom = post(WhatsAppPayloads.notification(PHONE_NUMBER_ID,
        "\"messages\": [{\"id\": \"wamid.x\", \"timestamp\": \"1\", \"type\": \"text\", \"text\": {\"body\": \"x\"}}]"), APP_SECRET);
    ResponseEntity<String> badTime = post(WhatsAppPayloads.message("wamid.y", 0, "\"type\": \"text\", \"text\": {\"body\": \"x\"}")
        .replace("\"timestamp\": \"0\"", "\"timestamp\": \"yesterday\""), APP_SECRET);

    assertThat(notJson.getStatusCode().value()).isEqualTo(400);
    assertThat(notJson.getBody()).contains("not JSON");
    assertThat(noFrom.getStatusCode().value()).isEqualTo(400);
    assertThat(noFrom.getBody()).contains("entry[0].changes[0].value.messages[0].from is required");
    assertThat(badTime.getStatusCode().value()).isEqualTo(400);
    assertThat(badTime.getBody()).contains("timestamp must be a Unix time in seconds");
    assertThat(stored()).isZero();
  }

  @Test
  void noMutationOfAValidBodyGetsA5xx() {
    WebhookPosts.fuzz(WhatsAppPayloads.text("wamid.fuzz", 1749416383, "fuzz"), body -> post(body, APP_SECRET));
  }

  @Test
  void theSameMessageDeliveredTwentyTimesConcurrentlyIsStoredOnce() throws Exception {
    String body = WhatsAppPayloads.text("wamid.concurrent", 1749416383, "Are you there?");

    WebhookPosts.deliverConcurrently(20, () -> post(body, APP_SECRET));

    assertThat(stored()).isEqualTo(1);
  }

  @Test
  void anUnknownConnectorIsNotFound() {
    String body = WhatsAppPayloads.text("wamid.nowhere", 1749416383, "Hi");
    assertThat(http.postForEntity("/webhooks/whatsapp/no-such-connector", new HttpEntity<>(body, signed(body, APP_SECRET)),
        String.class).getStatusCode().value()).isEqualTo(404);
  }
}
