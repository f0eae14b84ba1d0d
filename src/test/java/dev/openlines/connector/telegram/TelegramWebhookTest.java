package dev.openlines.connector.telegram;

import dev.openlines.connector.TelegramSettings;
import dev.openlines.testing.TestChannels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.conversation.ConversationMessage;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

/** Updates in the shape of https://core.telegram.org/bots/api#update, posted as Telegram does. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TelegramWebhookTest {

  static final String SECRET = "webhook-secret-0123456789";

  @Autowired TestRestTemplate http;

  @Autowired dev.openlines.channel.ChannelService channelService;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired MongoTemplate mongo;

  ConnectorSettings connector;

  @BeforeEach
  void connector() {
    connector = connectors.create(new ConnectorSettings(null, TestChannels.create(channelService), ConnectorTypes.TELEGRAM,
        50_000, new TelegramSettings("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", SECRET), null));
  }

  static String textUpdate(long updateId, long messageId, String text) {
    return textUpdate(1111111, updateId, messageId, text);
  }

  /** From a chat of its own: the chat tracker knows chat 1111111 from every other test of the shared context. */
  static String textUpdate(long chatId, long updateId, long messageId, String text) {
    return """
        {"update_id": %d,
         "message": {"message_id": %d,
           "from": {"id": %d, "is_bot": false, "first_name": "Test", "last_name": "Lastname",
                    "username": "Test", "language_code": "en"},
           "chat": {"id": %d, "first_name": "Test", "last_name": "Lastname", "username": "Test", "type": "private"},
           "date": 1441645532,
           "text": "%s"}}
        """.formatted(updateId, messageId, chatId, chatId, text);
  }

  ResponseEntity<String> post(String body, String secret) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (secret != null) {
      headers.set("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    return http.postForEntity("/webhooks/telegram/" + connector.id(), new HttpEntity<>(body, headers), String.class);
  }

  long stored() {
    return mongo.count(Query.query(Criteria.where("connectorId").is(connector.id())), ConversationMessage.class);
  }

  @Test
  void anUpdateForAConnectorWhoseChannelIsGoneIsRefusedAndNothingIsStored() {
    connector = connectors.create(new ConnectorSettings(null, "deleted-channel-" + UUID.randomUUID(), ConnectorTypes.TELEGRAM,
        50_000, new TelegramSettings("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", SECRET), null));

    ResponseEntity<String> response = post(textUpdate(10001, 1366, "Anyone there?"), SECRET);

    assertThat(response.getStatusCode().value()).isEqualTo(404);
    assertThat(response.getBody()).contains(connector.channelId());
    assertThat(stored()).isZero();
  }

  @Test
  void aTextMessageIsStoredWithTheClientsChatAndName() {
    ResponseEntity<String> response = post(textUpdate(10000, 1365, "Hello, I need help"), SECRET);

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    ConversationMessage message = ingestion.find(connector.id(), "1111111", "1111111:1365").orElseThrow();
    assertThat(message.getText()).isEqualTo("Hello, I need help");
    assertThat(message.getClientId()).isEqualTo("1111111");
    assertThat(message.getClient().name()).isEqualTo("Test Lastname");
    assertThat(message.getClient().language()).isEqualTo("en");
    assertThat(message.getSentAt()).hasToString("2015-09-07T17:05:32Z");
    assertThat(message.getConversationId()).isNotNull();
  }

  @Test
  void aPhotoWithCaptionKeepsTheLargestSizeAsDownloadReference() {
    String update = """
        {"update_id": 10001,
         "message": {"message_id": 1366,
           "from": {"id": 1111111, "is_bot": false, "first_name": "Test"},
           "chat": {"id": 1111111, "first_name": "Test", "type": "private"},
           "date": 1441645600,
           "photo": [
             {"file_id": "AgADBAADsmall", "file_unique_id": "AQADsmall", "file_size": 1253, "width": 90, "height": 67},
             {"file_id": "AgADBAADlarge", "file_unique_id": "AQADlarge", "file_size": 40012, "width": 800, "height": 600}],
           "caption": "My broken router"}}
        """;

    assertThat(post(update, SECRET).getStatusCode().value()).isEqualTo(200);

    ConversationMessage message = ingestion.find(connector.id(), "1111111", "1111111:1366").orElseThrow();
    assertThat(message.getText()).isEqualTo("My broken router");
    assertThat(message.getAttachments()).containsExactly(new ConversationMessage.StoredAttachment(
        "photo-AQADlarge.jpg", "image/jpeg", 40012, "telegram-file:AgADBAADlarge", false));
  }

  @Test
  void aDocumentOverTheConnectorsLimitIsStoredAsMetadataOnly() {
    String update = """
        {"update_id": 10002,
         "message": {"message_id": 1367,
           "chat": {"id": 1111111, "type": "private"},
           "date": 1441645700,
           "document": {"file_name": "contract.pdf", "mime_type": "application/pdf",
                        "file_id": "BQADBAADdoc", "file_unique_id": "AgADdoc", "file_size": 50001},
           "caption": "Signed"}}
        """;

    assertThat(post(update, SECRET).getStatusCode().value()).isEqualTo(200);

    assertThat(ingestion.find(connector.id(), "1111111", "1111111:1367").orElseThrow().getAttachments()).containsExactly(
        new ConversationMessage.StoredAttachment("contract.pdf", "application/pdf", 50001, null, true));
  }

  @Test
  void anEditedMessageUpdatesTheStoredOne() {
    post(textUpdate(10003, 1368, "Helo"), SECRET);
    String edit = """
        {"update_id": 10004,
         "edited_message": {"message_id": 1368,
           "from": {"id": 1111111, "is_bot": false, "first_name": "Test"},
           "chat": {"id": 1111111, "type": "private"},
           "date": 1441645532, "edit_date": 1441645540,
           "text": "Hello"}}
        """;

    assertThat(post(edit, SECRET).getStatusCode().value()).isEqualTo(200);

    assertThat(stored()).isEqualTo(1);
    ConversationMessage message = ingestion.find(connector.id(), "1111111", "1111111:1368").orElseThrow();
    assertThat(message.getText()).isEqualTo("Hello");
    assertThat(message.getEditedAt()).isNotNull();
  }

  @Test
  void aMissingOrWrongSecretIsRejectedAndNothingIsStored() {
    ResponseEntity<String> missing = post(textUpdate(10005, 1369, "Hi"), null);
    ResponseEntity<String> wrong = post(textUpdate(10005, 1369, "Hi"), SECRET + "x");
    ResponseEntity<String> otherBotsSecret = post(textUpdate(10005, 1369, "Hi"), "webhook-secret-9876543210");

    assertThat(List.of(missing, wrong, otherBotsSecret)).allSatisfy(response -> {
      assertThat(response.getStatusCode().value()).isEqualTo(401);
      assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
      assertThat(response.getBody()).contains("X-Telegram-Bot-Api-Secret-Token");
    });
    assertThat(stored()).isZero();
  }

  @Test
  void aMalformedBodyIsRejectedWithTheReasonAndNothingIsStored() {
    ResponseEntity<String> notJson = post("{\"update_id\": 1, \"message\": ", SECRET);
    ResponseEntity<String> noUpdateId = post("{\"message\": {\"message_id\": 1}}", SECRET);
    ResponseEntity<String> noChat = post("{\"update_id\": 7, \"message\": {\"message_id\": 1, \"date\": 1441645532, \"text\": \"x\"}}", SECRET);
    ResponseEntity<String> wrongType = post("{\"update_id\": \"seven\"}", SECRET);

    assertThat(notJson.getStatusCode().value()).isEqualTo(400);
    assertThat(notJson.getBody()).contains("not a Telegram Update");
    assertThat(noUpdateId.getStatusCode().value()).isEqualTo(400);
    assertThat(noUpdateId.getBody()).contains("update_id is required");
    assertThat(noChat.getStatusCode().value()).isEqualTo(400);
    assertThat(noChat.getBody()).contains("message.chat is required");
    assertThat(wrongType.getStatusCode().value()).isEqualTo(400);
    assertThat(stored()).isZero();
  }

  @Test
  void unsupportedUpdatesAreAcknowledgedAndIgnored() {
    String callbackQuery = """
        {"update_id": 10006,
         "callback_query": {"id": "4382bfdwdsb323b2d9", "from": {"id": 1111111, "is_bot": false, "first_name": "Test"},
                            "data": "Data from button callback", "chat_instance": "2442"}}
        """;
    String sticker = """
        {"update_id": 10007,
         "message": {"message_id": 1370, "chat": {"id": 1111111, "type": "private"}, "date": 1441645532,
                     "sticker": {"file_id": "CAADAgAD", "file_unique_id": "AgAD", "type": "regular",
                                 "width": 512, "height": 512, "is_animated": false, "is_video": false}}}
        """;

    assertThat(post(callbackQuery, SECRET).getStatusCode().value()).isEqualTo(200);
    assertThat(post(sticker, SECRET).getStatusCode().value()).isEqualTo(200);
    assertThat(stored()).isZero();
  }

  @Test
  void anUnknownConnectorIsNotFound() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Telegram-Bot-Api-Secret-Token", SECRET);
    ResponseEntity<String> response = http.postForEntity("/webhooks/telegram/no-such-connector",
        new HttpEntity<>(textUpdate(1, 1, "Hi"), headers), String.class);

    assertThat(response.getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void theSameUpdateRedeliveredConcurrentlyIsAcknowledgedEverywhereAndStoredOnce() throws Exception {
    String update = textUpdate(10008, 1371, "Are you there?");
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ResponseEntity<String>>> responses = new java.util.ArrayList<>();
      for (int i = 0; i < threads; i++) {
        responses.add(pool.submit(() -> {
          start.await();
          return post(update, SECRET);
        }));
      }
      start.countDown();
      for (Future<ResponseEntity<String>> response : responses) {
        assertThat(response.get(30, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(stored()).isEqualTo(1);
  }
}
