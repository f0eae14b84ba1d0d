package dev.openlines.connector.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.TelegramSettings;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.DeliveryStatus;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * An operator sends files into a Telegram conversation through the operator API: a picture goes out by
 * {@code sendPhoto}, a PDF by {@code sendDocument}, both uploaded as multipart to the (fake) Bot API. When Telegram
 * answers 429 the picture waits in the outbound queue and goes out once, after the wait Telegram named (time travel).
 * Over the connector's limit: 413, and Telegram hears nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TelegramAttachmentTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String SECRET = "attachment-secret-123";
  /** A chat of this run's own (the chat tracker would know a shared one's client from other tests). */
  static final String CHAT = String.valueOf(5_000_000_000L + java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000_000));

  @Autowired TestRestTemplate http;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationMessageStore messages;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired ApiKeyService apiKeys;
  @Autowired MongoTemplate mongo;
  @Autowired ZeebeTestEngine engine;
  final ObjectMapper json = new ObjectMapper();

  @Test
  void anOperatorsPictureAndDocumentAreUploadedToTheBotApiAndARefusedOneIsRetried() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel("telegram-files", DistributionMode.STRICT, 1, olga);
    String apiKey = new ApiTokens(apiKeys).operator(olga);
    try (FakeTelegramBotApi telegram = new FakeTelegramBotApi()) {
      String conversationId = answeredChat(telegram, channel, "7000002:AAH-files", CHAT, 601, olga, apiKey);

      // Telegram is busy: the picture is stored and queued, then goes out once after the wait Telegram named.
      byte[] map = dev.openlines.testing.TestFiles.png();
      telegram.answerNextFor(CHAT, 429,
          "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 3\",\"parameters\":{\"retry_after\":3}}");
      ResponseEntity<String> queued = upload(conversationId, apiKey, "Here is the map", map, "map.png");
      assertThat(queued.getStatusCode().value()).as(queued.getBody()).isEqualTo(202);
      String photoMessage = json.readTree(queued.getBody()).get("id").asText();
      assertThat(messages.find(photoMessage).orElseThrow().getDelivery()).isEqualTo(DeliveryStatus.RETRYING);
      engine.increaseTime(Duration.ofSeconds(4));
      await().atMost(WAIT).until(() -> messages.find(photoMessage).orElseThrow().getDelivery() == DeliveryStatus.DELIVERED);
      List<FakeTelegramBotApi.Call> photos = telegram.calls().stream().filter(call -> call.method().equals("sendPhoto")).toList();
      assertThat(photos).hasSize(2); // the refused try and the one that went out
      FakeTelegramBotApi.Upload sent = (FakeTelegramBotApi.Upload) photos.get(1).body().get("photo");
      assertThat(sent.fileName()).isEqualTo("map.png");
      assertThat(sent.contentType()).startsWith("image/png");
      assertThat(sent.content()).isEqualTo(map);
      assertThat(photos.get(1).body()).containsEntry("chat_id", CHAT).containsEntry("caption", "Here is the map");

      // A document goes by sendDocument, uploaded the same way.
      byte[] pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
      ResponseEntity<String> delivered = upload(conversationId, apiKey, null, pdf, "price-list.pdf");
      assertThat(delivered.getStatusCode().value()).as(delivered.getBody()).isEqualTo(201);
      FakeTelegramBotApi.Call document = telegram.calls().getLast();
      assertThat(document.method()).isEqualTo("sendDocument");
      assertThat(((FakeTelegramBotApi.Upload) document.body().get("document")).content()).isEqualTo(pdf);
      assertThat(document.body()).doesNotContainKey("caption");

      // Over the connector's limit: refused, Telegram hears nothing.
      int callsBefore = telegram.calls().size();
      ResponseEntity<String> tooLarge = upload(conversationId, apiKey, null, new byte[100_001], "big.pdf");
      assertThat(tooLarge.getStatusCode().value()).isEqualTo(413);
      assertThat(json.readTree(tooLarge.getBody()).get("detail").asText()).contains("up to 100000 bytes");
      assertThat(telegram.calls()).hasSize(callsBefore);
    }
  }

  @Test
  void aFileSentAgainWithItsIdempotencyKeyGoesToTelegramOnce() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String pavel = fx.operator("pavel");
    String channel = fx.channel("telegram-file-repeat", DistributionMode.STRICT, 1, pavel);
    String apiKey = new ApiTokens(apiKeys).operator(pavel);
    String chat = String.valueOf(Long.parseLong(CHAT) + 1);
    try (FakeTelegramBotApi telegram = new FakeTelegramBotApi()) {
      String conversationId = answeredChat(telegram, channel, "7000003:AAH-repeat", chat, 701, pavel, apiKey);
      byte[] map = dev.openlines.testing.TestFiles.png();

      ResponseEntity<String> first = upload(conversationId, apiKey, "The map", map, "map.png", "send-map-1");
      ResponseEntity<String> again = upload(conversationId, apiKey, "The map", map, "map.png", "send-map-1");
      ResponseEntity<String> otherFile = upload(conversationId, apiKey, "The map", new byte[] {1, 2, 3}, "map.png", "send-map-1");

      assertThat(first.getStatusCode().value()).as(first.getBody()).isEqualTo(201);
      assertThat(again.getStatusCode().value()).as(again.getBody()).isEqualTo(201);
      assertThat(json.readTree(again.getBody()).get("id")).isEqualTo(json.readTree(first.getBody()).get("id"));
      assertThat(otherFile.getStatusCode().value()).as(otherFile.getBody()).isEqualTo(409);
      assertThat(json.readTree(otherFile.getBody()).get("detail").asText()).contains("named another message");
      assertThat(telegram.calls()).filteredOn(call -> call.method().equals("sendPhoto")).hasSize(1);
      assertThat(messages.history(conversationId)).filteredOn(message -> !message.getAttachments().isEmpty()).hasSize(1);
    }
  }

  /** The client writes in the chat through the bot's webhook; the operator answers the offer. The conversation's id. */
  private String answeredChat(
      FakeTelegramBotApi telegram, String channel, String botToken, String chat, int messageId, String operator, String apiKey) {
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 100_000,
        new TelegramSettings(botToken, SECRET, telegram.baseUrl()), null));
    HttpHeaders webhook = new HttpHeaders();
    webhook.setContentType(MediaType.APPLICATION_JSON);
    webhook.set("X-Telegram-Bot-Api-Secret-Token", SECRET);
    http.postForEntity("/webhooks/telegram/" + connector.id(), new HttpEntity<>(
        TelegramWebhookTest.textUpdate(Long.parseLong(chat), 30000 + messageId, messageId, "Where is your shop?"), webhook), String.class);
    String conversationId = ingestion.find(connector.id(), chat, chat + ":" + messageId).orElseThrow().getConversationId();
    await().atMost(WAIT).until(() -> routing.offers(conversationId).stream()
        .anyMatch(offer -> offer.operatorId().equals(operator) && offer.status() == OfferStatus.OFFERED));
    assertThat(http.exchange("/api/conversations/" + conversationId + "/answer", HttpMethod.POST,
        new HttpEntity<>(ApiTokens.bearer(apiKey)), String.class).getStatusCode().value()).isEqualTo(204);
    return conversationId;
  }

  private ResponseEntity<String> upload(String conversationId, String apiKey, String text, byte[] content, String name) {
    return upload(conversationId, apiKey, text, content, name, null);
  }

  private ResponseEntity<String> upload(
      String conversationId, String apiKey, String text, byte[] content, String name, String idempotencyKey) {
    MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    HttpHeaders partHeaders = new HttpHeaders();
    partHeaders.setContentDispositionFormData("file", name);
    form.add("file", new HttpEntity<>(new ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return name;
      }
    }, partHeaders));
    if (text != null) {
      form.add("text", text);
    }
    HttpHeaders headers = ApiTokens.bearer(apiKey);
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    if (idempotencyKey != null) {
      headers.set("Idempotency-Key", idempotencyKey);
    }
    return http.postForEntity("/api/conversations/" + conversationId + "/attachments", new HttpEntity<>(form, headers), String.class);
  }
}
