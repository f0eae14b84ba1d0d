package dev.openlines.connector.livechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Files both ways in a live chat, through the HTTP APIs only: the visitor uploads a picture, the operator of the
 * conversation (and a supervisor) downloads it, the operator sends a PDF that the visitor's open stream announces and
 * the visitor downloads. Everyone else (another visitor, an operator not on the conversation, no token) gets nothing;
 * uploads over the connector's size limit or of a type it does not take get 413 / 415 naming the limit, and nothing
 * is stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveChatAttachmentTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final long LIMIT = 100_000;

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ApiKeyService apiKeys;
  @Autowired MongoTemplate mongo;
  final ObjectMapper json = new ObjectMapper();

  @Test
  void filesGoBothWaysAndOnlyTheChatsOwnPeopleGetThem() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String paul = fx.operator("paul");
    String channel = fx.channel("files", DistributionMode.STRICT, 2, olga);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, LIMIT, null,
        new LiveChatSettings(false, null, false)));
    ApiTokens tokens = new ApiTokens(apiKeys);
    String ann = startChat(connector, "Ann");
    String ben = startChat(connector, "Ben");
    byte[] picture = dev.openlines.testing.TestFiles.png();

    // The visitor sends a picture with a caption.
    ResponseEntity<String> uploaded = visitorUpload(ann, "f-1", "my receipt", picture, "receipt.png", "image/png");
    assertThat(uploaded.getStatusCode().value()).as(uploaded.getBody()).isEqualTo(202);
    String conversationId = json.readTree(uploaded.getBody()).get("conversationId").asText();
    String messageId = json.readTree(uploaded.getBody()).get("messageId").asText();

    await().atMost(WAIT).until(() -> routing.offers(conversationId).stream()
        .anyMatch(offer -> offer.operatorId().equals(olga) && offer.status() == OfferStatus.OFFERED));
    assertThat(operatorCall(HttpMethod.POST, "/api/conversations/" + conversationId + "/answer", tokens.operator(olga), null, String.class)
        .getStatusCode().value()).isEqualTo(204);

    // The operator sees it linked from the message, and downloads it.
    JsonNode history = json.readTree(operatorCall(HttpMethod.GET, "/api/conversations/" + conversationId + "/messages",
        tokens.operator(olga), null, String.class).getBody());
    JsonNode file = history.get(0).get("attachments").get(0);
    assertThat(history.get(0).get("text").asText()).isEqualTo("my receipt");
    assertThat(file.get("name").asText()).isEqualTo("receipt.png");
    assertThat(file.get("contentType").asText()).isEqualTo("image/png");
    assertThat(file.get("size").asLong()).isEqualTo(picture.length);
    assertThat(file.get("downloadReference").asText()).startsWith("openlines-file:");
    String operatorDownload = "/api/conversations/" + conversationId + "/messages/" + messageId + "/attachments/0";
    ResponseEntity<byte[]> downloaded = operatorCall(HttpMethod.GET, operatorDownload, tokens.operator(olga), null, byte[].class);
    assertThat(downloaded.getStatusCode().value()).isEqualTo(200);
    assertThat(downloaded.getBody()).isEqualTo(picture);
    assertThat(downloaded.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
    assertThat(downloaded.getHeaders().getContentDisposition().isAttachment()).isTrue();
    assertThat(downloaded.getHeaders().getContentDisposition().getFilename()).isEqualTo("receipt.png");
    assertThat(downloaded.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    // A supervisor may; an operator who was never on the conversation may not, nor a message of another conversation.
    assertThat(operatorCall(HttpMethod.GET, operatorDownload, tokens.supervisor(), null, byte[].class).getBody()).isEqualTo(picture);
    assertThat(operatorCall(HttpMethod.GET, operatorDownload, tokens.operator(paul), null, String.class).getStatusCode().value()).isEqualTo(403);
    assertThat(operatorCall(HttpMethod.GET, operatorDownload.replace("/attachments/0", "/attachments/1"), tokens.operator(olga), null,
        String.class).getStatusCode().value()).isEqualTo(404);

    // The visitor gets their own file back; another visitor's session and no session get nothing.
    String visitorDownload = "/livechat/messages/" + messageId + "/attachments/0";
    assertThat(visitorGet(ann, visitorDownload, byte[].class).getBody()).isEqualTo(picture);
    assertThat(visitorGet(ben, visitorDownload, String.class).getStatusCode().value()).isEqualTo(404);
    assertThat(http.getForEntity(visitorDownload, String.class).getStatusCode().value()).isEqualTo(401);

    // Over the limit, or a page disguised as a picture: refused with the limit named, nothing stored, nothing ingested.
    long filesBefore = storedFiles();
    ResponseEntity<String> tooLarge = visitorUpload(ann, "f-2", null, new byte[(int) LIMIT + 1], "big.txt", "text/plain");
    assertThat(tooLarge.getStatusCode().value()).isEqualTo(413);
    assertThat(json.readTree(tooLarge.getBody()).get("detail").asText()).contains("up to " + LIMIT + " bytes");
    ResponseEntity<String> disguised = visitorUpload(ann, "f-3", null,
        "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8), "cat.png", "image/png");
    assertThat(disguised.getStatusCode().value()).isEqualTo(415);
    assertThat(json.readTree(disguised.getBody()).get("detail").asText()).contains("text/html").contains("image/png, image/jpeg");
    assertThat(storedFiles()).isEqualTo(filesBefore);
    assertThat(json.readTree(operatorCall(HttpMethod.GET, "/api/conversations/" + conversationId + "/messages",
        tokens.operator(olga), null, String.class).getBody())).hasSize(1);

    // The operator sends a PDF: the visitor's stream announces it with its download address, and the visitor downloads it.
    byte[] pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    try (LiveChatClient browser = new LiveChatClient(port, ann)) {
      ResponseEntity<String> sent = operatorUpload(conversationId, tokens.operator(olga), "Your invoice", pdf, "invoice.pdf");
      assertThat(sent.getStatusCode().value()).as(sent.getBody()).isEqualTo(201);
      assertThat(json.readTree(sent.getBody()).get("delivery").asText()).isEqualTo("DELIVERED");
      JsonNode event = json.readTree(await().atMost(WAIT).until(
          () -> browser.messageData().stream().filter(data -> data.contains("invoice.pdf")).findFirst().orElse(null),
          data -> data != null));
      assertThat(event.get("text").asText()).isEqualTo("Your invoice");
      JsonNode announced = event.get("attachments").get(0);
      assertThat(announced.get("contentType").asText()).isEqualTo("application/pdf");
      String url = announced.get("url").asText();
      assertThat(url).isEqualTo("/livechat/messages/" + event.get("id").asText() + "/attachments/0");
      assertThat(visitorGet(ann, url, byte[].class).getBody()).isEqualTo(pdf);
      assertThat(visitorGet(ben, url, String.class).getStatusCode().value()).isEqualTo(404);
    }

    // The operator's uploads have the same limits; an operator not on the conversation cannot send at all.
    long filesBeforeOperator = storedFiles();
    ResponseEntity<String> operatorTooLarge = operatorUpload(conversationId, tokens.operator(olga), null, new byte[(int) LIMIT + 1], "big.txt");
    assertThat(operatorTooLarge.getStatusCode().value()).isEqualTo(413);
    assertThat(json.readTree(operatorTooLarge.getBody()).get("detail").asText()).contains("up to " + LIMIT + " bytes");
    assertThat(operatorUpload(conversationId, tokens.operator(olga), null, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
        .getBytes(StandardCharsets.UTF_8), "logo.svg").getStatusCode().value()).isEqualTo(415);
    assertThat(operatorUpload(conversationId, tokens.operator(paul), null, pdf, "invoice.pdf").getStatusCode().value()).isEqualTo(403);
    assertThat(storedFiles()).isEqualTo(filesBeforeOperator);
  }

  @Test
  void theConnectorsLimitsAreValidatedOnSave() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String channel = fx.channel("file-limits", DistributionMode.STRICT, 1, fx.operator("lina"));
    HttpHeaders admin = ApiTokens.bearer(new ApiTokens(apiKeys).admin());
    admin.setContentType(MediaType.APPLICATION_JSON);
    String path = "/api/admin/channels/" + channel + "/connectors";

    ResponseEntity<String> wrong = http.postForEntity(path, new HttpEntity<>("""
        {"type":"livechat","liveChat":{"consentRequired":false},"maxAttachmentBytes":104857601,"attachmentTypes":["images","text/*"]}
        """, admin), String.class);
    assertThat(wrong.getStatusCode().value()).isEqualTo(400);
    assertThat(wrong.getBody()).contains("maxAttachmentBytes").contains("at most 104857600")
        .contains("attachmentTypes").contains("must be a media type like image/png");
    assertThat(connectors.findByChannel(channel)).isEmpty();

    ResponseEntity<String> right = http.postForEntity(path, new HttpEntity<>("""
        {"type":"livechat","liveChat":{"consentRequired":false},"maxAttachmentBytes":5000000,"attachmentTypes":["image/*","application/pdf"]}
        """, admin), String.class);
    assertThat(right.getStatusCode().value()).as(right.getBody()).isEqualTo(201);
    JsonNode view = json.readTree(right.getBody());
    assertThat(view.get("maxAttachmentBytes").asLong()).isEqualTo(5_000_000);
    assertThat(view.get("attachmentTypes")).extracting(JsonNode::asText).containsExactly("image/*", "application/pdf");
  }

  private long storedFiles() {
    return mongo.count(new Query(), "attachment_files") + mongo.count(new Query(), "attachment_chunks");
  }

  @SuppressWarnings("unchecked")
  private String startChat(ConnectorSettings connector, String name) {
    Map<String, Object> chat = http.postForEntity("/livechat/" + connector.id() + "/chats", Map.of("name", name), Map.class).getBody();
    return (String) chat.get("token");
  }

  private ResponseEntity<String> visitorUpload(String token, String clientMessageId, String text, byte[] content, String name, String type) {
    MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("file", part(content, name, type));
    form.add("clientMessageId", clientMessageId);
    if (text != null) {
      form.add("text", text);
    }
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    headers.set("X-LiveChat-Token", token);
    return http.postForEntity("/livechat/attachments", new HttpEntity<>(form, headers), String.class);
  }

  private ResponseEntity<String> operatorUpload(String conversationId, String apiKey, String text, byte[] content, String name) {
    MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("file", part(content, name, "application/octet-stream"));
    if (text != null) {
      form.add("text", text);
    }
    HttpHeaders headers = ApiTokens.bearer(apiKey);
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return http.postForEntity("/api/conversations/" + conversationId + "/attachments", new HttpEntity<>(form, headers), String.class);
  }

  private <T> ResponseEntity<T> visitorGet(String token, String path, Class<T> type) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-LiveChat-Token", token);
    return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), type);
  }

  private <T> ResponseEntity<T> operatorCall(HttpMethod method, String path, String apiKey, Object body, Class<T> type) {
    return http.exchange(path, method, new HttpEntity<>(body, ApiTokens.bearer(apiKey)), type);
  }

  /** A file part as a browser sends it: with its name and the type the browser claims. */
  static HttpEntity<ByteArrayResource> part(byte[] content, String name, String claimedType) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType(claimedType));
    headers.setContentDispositionFormData("file", name);
    return new HttpEntity<>(new ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return name;
      }
    }, headers);
  }
}
