package dev.openlines.connector.livechat;

import dev.openlines.connector.LiveChatSettings;
import dev.openlines.testing.TestChannels;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.MessageSendingService;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** History mails go through Spring Mail to a local GreenMail SMTP server (spring.mail.* in the test config). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveChatHistoryMailTest {

  @Autowired TestRestTemplate http;

  @Autowired dev.openlines.channel.ChannelService channelService;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ConversationRepository conversations;
  @Autowired MessageSendingService sending;
  @Autowired MongoTemplate mongo;

  GreenMail smtp;
  ConnectorSettings connector;

  @BeforeEach
  void setUp() {
    smtp = new GreenMail(new ServerSetup(39025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    connector = connectors.create(new ConnectorSettings(null, TestChannels.create(channelService), ConnectorTypes.LIVECHAT, 1000,
        null, new LiveChatSettings(false, null)));
  }

  @AfterEach
  void tearDown() {
    smtp.stop();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> startChat(Map<String, Object> visitor) {
    return http.postForEntity("/livechat/" + connector.id() + "/chats", visitor, Map.class).getBody();
  }

  ResponseEntity<String> post(String path, Object body, String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", token);
    return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
  }

  @Test
  void theTranscriptOfBothSidesIsMailedToTheChatsAddress() throws Exception {
    Map<String, Object> chat = startChat(Map.of("name", "Ann", "email", "ann@example.com"));
    String token = (String) chat.get("token");
    ResponseEntity<String> accepted = post("/livechat/messages", Map.of("clientMessageId", "c-1", "text", "Where is my parcel?"), token);
    String conversationId = (String) new com.fasterxml.jackson.databind.ObjectMapper().readValue(accepted.getBody(), Map.class)
        .get("conversationId");
    sending.sendOperatorMessage(conversations.findById(conversationId).orElseThrow(), "operator-1", UUID.randomUUID().toString(),
        "It arrives tomorrow.");
    sending.storeOperatorNote(conversationId, "operator-1", UUID.randomUUID().toString(), "Internal: parcel delayed at the hub");

    ResponseEntity<String> requested = post("/livechat/history-requests", Map.of(), token);

    assertThat(requested.getStatusCode().value()).isEqualTo(202);
    assertThat(requested.getBody()).contains("\"sent\":true");
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("ann@example.com");
    String body = GreenMailUtil.getBody(received[0]);
    assertThat(body).contains("You: Where is my parcel?").contains("Operator: It arrives tomorrow.");
    assertThat(body.indexOf("You: Where is my parcel?")).isLessThan(body.indexOf("Operator: It arrives tomorrow."));
    assertThat(body).doesNotContain("Internal: parcel delayed");
    assertThat(mongo.count(new org.springframework.data.mongodb.core.query.Query(), LiveChatHistoryMail.HistoryRequest.class))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void historyGoesOnlyToTheAddressTheChatStartedWithAndAFailedMailIsRecorded() {
    String anonymous = (String) startChat(Map.of()).get("token");
    post("/livechat/messages", Map.of("clientMessageId", "c-1", "text", "Hi"), anonymous);
    String token = (String) startChat(Map.of("email", "ann@example.com")).get("token");
    post("/livechat/messages", Map.of("clientMessageId", "c-2", "text", "Hi"), token);

    ResponseEntity<String> noAddress = post("/livechat/history-requests", Map.of(), anonymous);
    ResponseEntity<String> anyAddress = post("/livechat/history-requests", Map.of("email", "victim@example.com"), anonymous);
    ResponseEntity<String> otherAddress = post("/livechat/history-requests", Map.of("email", "victim@example.com"), token);

    assertThat(List.of(noAddress, anyAddress, otherAddress)).allSatisfy(r -> assertThat(r.getStatusCode().value()).isEqualTo(400));
    assertThat(noAddress.getBody()).contains("email must be given when the chat starts");
    assertThat(otherAddress.getBody()).contains("email must be the address this chat was started with");
    assertThat(smtp.getReceivedMessages()).isEmpty();
    assertThat(mongo.count(new org.springframework.data.mongodb.core.query.Query(
        org.springframework.data.mongodb.core.query.Criteria.where("email").is("victim@example.com")), LiveChatHistoryMail.HistoryRequest.class))
        .isZero();

    smtp.stop();
    ResponseEntity<String> smtpDown = post("/livechat/history-requests", Map.of("email", "ANN@example.com"), token);
    assertThat(smtpDown.getStatusCode().value()).isEqualTo(202);
    assertThat(smtpDown.getBody()).contains("\"sent\":false");
    String requestId = smtpDown.getBody().replaceAll(".*\"requestId\":\"([^\"]+)\".*", "$1");
    LiveChatHistoryMail.HistoryRequest stored = mongo.findById(requestId, LiveChatHistoryMail.HistoryRequest.class);
    assertThat(stored.email()).isEqualTo("ann@example.com");
    assertThat(stored.sentAt()).isNull();
    assertThat(stored.failure()).isNotBlank();
  }
}
