package dev.openlines.connector.meta;

import dev.openlines.connector.MetaSettings;
import dev.openlines.testing.TestChannels;
import static dev.openlines.connector.meta.MessengerPayloads.PAGE_ID;
import static dev.openlines.connector.meta.MessengerPayloads.PSID;
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

/** Messenger and Instagram webhook events as Meta documents them, posted signed as Meta does. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MessengerWebhookTest {

  static final String APP_SECRET = "fedcba9876543210fedcba9876543210";
  static final String VERIFY_TOKEN = "messenger-verify-token";

  @Autowired TestRestTemplate http;

  @Autowired dev.openlines.channel.ChannelService channelService;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired MongoTemplate mongo;

  ConnectorSettings messenger;
  ConnectorSettings instagram;

  @BeforeEach
  void connectors() {
    String channel = TestChannels.create(channelService);
    messenger = connectors.create(ConnectorSettings.of(null, channel, ConnectorTypes.MESSENGER, 50_000,
        new MetaSettings(PAGE_ID, "EAAG-page-access-token-0123456789", APP_SECRET, VERIFY_TOKEN, false, null)));
    instagram = connectors.create(ConnectorSettings.of(null, channel, ConnectorTypes.INSTAGRAM, 50_000,
        new MetaSettings(PAGE_ID, "EAAG-page-access-token-0123456789", APP_SECRET, VERIFY_TOKEN, false, null)));
  }

  static HttpHeaders signed(String body, String secret) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (secret != null) {
      headers.set("X-Hub-Signature-256", "sha256=" + WebhookSignatures.hmacSha256Hex(body.getBytes(StandardCharsets.UTF_8), secret));
    }
    return headers;
  }

  ResponseEntity<String> post(ConnectorSettings connector, String body, String secret) {
    return http.postForEntity("/webhooks/" + connector.type() + "/" + connector.id(), new HttpEntity<>(body, signed(body, secret)),
        String.class);
  }

  long stored(ConnectorSettings connector) {
    return mongo.count(Query.query(Criteria.where("connectorId").is(connector.id())), ConversationMessage.class);
  }

  @Test
  void bothAnswerTheVerificationRequestWithTheChallenge() {
    for (ConnectorSettings connector : List.of(messenger, instagram)) {
      ResponseEntity<String> right = http.getForEntity("/webhooks/" + connector.type() + "/" + connector.id()
          + "?hub.mode=subscribe&hub.challenge=CHALLENGE_ACCEPTED&hub.verify_token=" + VERIFY_TOKEN, String.class);
      ResponseEntity<String> wrong = http.getForEntity("/webhooks/" + connector.type() + "/" + connector.id()
          + "?hub.mode=subscribe&hub.challenge=CHALLENGE_ACCEPTED&hub.verify_token=nope", String.class);
      assertThat(right.getBody()).isEqualTo("CHALLENGE_ACCEPTED");
      assertThat(wrong.getStatusCode().value()).isEqualTo(403);
    }
  }

  @Test
  void aMessengerTextAndAnInstagramDirectMessageAreStoredWithTheSendersScopedId() {
    assertThat(post(messenger, MessengerPayloads.text("page", "m_1457764197618", 1458692752478L, "hello, world!"), APP_SECRET)
        .getStatusCode().value()).isEqualTo(200);
    assertThat(post(instagram, MessengerPayloads.text("instagram", "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3", 1458692752479L, "hi from IG"),
        APP_SECRET).getStatusCode().value()).isEqualTo(200);

    ConversationMessage fromMessenger = ingestion.findAnySender(messenger.id(), "m_1457764197618").orElseThrow();
    ConversationMessage fromInstagram = ingestion.findAnySender(instagram.id(), "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3").orElseThrow();
    assertThat(fromMessenger.getClientId()).isEqualTo(PSID);
    assertThat(fromMessenger.getText()).isEqualTo("hello, world!");
    assertThat(fromMessenger.getSentAt()).isEqualTo(Instant.ofEpochMilli(1458692752478L));
    assertThat(fromMessenger.getConnectorType()).isEqualTo("messenger");
    assertThat(fromInstagram.getConnectorType()).isEqualTo("instagram");
    assertThat(fromInstagram.getText()).isEqualTo("hi from IG");
  }

  @Test
  void attachmentsQuickRepliesAndPostbacksAreReadEchoesAndOtherPagesIgnored() {
    String events = """
        {"sender": {"id": "%1$s"}, "recipient": {"id": "%2$s"}, "timestamp": 1458692752480,
         "message": {"mid": "m_image", "attachments": [{"type": "image", "payload": {"url": "https://scontent.xx.fbcdn.net/v/photo.jpg"}}]}},
        {"sender": {"id": "%1$s"}, "recipient": {"id": "%2$s"}, "timestamp": 1458692752481,
         "message": {"mid": "m_quick", "text": "Red", "quick_reply": {"payload": "COLOR_RED"}}},
        {"sender": {"id": "%1$s"}, "recipient": {"id": "%2$s"}, "timestamp": 1458692752482,
         "postback": {"mid": "m_postback", "title": "Talk to an agent", "payload": "AGENT"}},
        {"sender": {"id": "%2$s"}, "recipient": {"id": "%1$s"}, "timestamp": 1458692752483,
         "message": {"mid": "m_echo", "is_echo": true, "app_id": 1517776481860111, "text": "Our own reply"}}
        """.formatted(PSID, PAGE_ID);
    post(messenger, MessengerPayloads.batch("page", PAGE_ID, events), APP_SECRET);
    post(messenger, MessengerPayloads.batch("page", "999999999999", """
        {"sender": {"id": "1"}, "recipient": {"id": "999999999999"}, "timestamp": 1458692752484,
         "message": {"mid": "m_other_page", "text": "not ours"}}"""), APP_SECRET);

    assertThat(ingestion.findAnySender(messenger.id(), "m_image").orElseThrow().getAttachments()).singleElement()
        .satisfies(a -> assertThat(a.downloadReference()).isEqualTo("https://scontent.xx.fbcdn.net/v/photo.jpg"));
    assertThat(ingestion.findAnySender(messenger.id(), "m_quick").orElseThrow().getText()).isEqualTo("Red");
    assertThat(ingestion.findAnySender(messenger.id(), "m_postback").orElseThrow().getText()).isEqualTo("Talk to an agent");
    assertThat(ingestion.findAnySender(messenger.id(), "m_echo")).isEmpty();
    assertThat(ingestion.findAnySender(messenger.id(), "m_other_page")).isEmpty();
  }

  @Test
  void aWrongSignatureOrAMalformedBodyStoresNothing() {
    String body = MessengerPayloads.text("page", "m_bad", 1458692752478L, "x");
    ResponseEntity<String> unsigned = post(messenger, body, null);
    ResponseEntity<String> otherApp = post(instagram, body, "0000000000000000000000000000000a");
    ResponseEntity<String> noSender = post(messenger, MessengerPayloads.batch("page", PAGE_ID,
        "{\"timestamp\": 1, \"message\": {\"mid\": \"m_x\", \"text\": \"x\"}}"), APP_SECRET);

    assertThat(unsigned.getStatusCode().value()).isEqualTo(401);
    assertThat(otherApp.getStatusCode().value()).isEqualTo(401);
    assertThat(noSender.getStatusCode().value()).isEqualTo(400);
    assertThat(noSender.getBody()).contains("entry[0].messaging[0].sender is required");
    assertThat(stored(messenger) + stored(instagram)).isZero();
  }

  @Test
  void noMutationOfAValidBodyGetsA5xx() {
    WebhookPosts.fuzz(MessengerPayloads.text("page", "m_fuzz", 1458692752478L, "fuzz"), body -> post(messenger, body, APP_SECRET));
  }

  @Test
  void theSameMessageDeliveredTwentyTimesConcurrentlyIsStoredOnce() throws Exception {
    String body = MessengerPayloads.text("instagram", "m_twenty", 1458692752478L, "twenty");

    WebhookPosts.deliverConcurrently(20, () -> post(instagram, body, APP_SECRET));

    assertThat(stored(instagram)).isEqualTo(1);
  }
}
