package dev.openlines.connector.livechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The channel's client e-mails, set over the admin API: the history mail in the channel's language, and
 * an operator's reply mailed to a visitor with no widget connected (not to one who is there). Mail goes
 * to a local GreenMail SMTP server (spring.mail.* in the test config).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveChatClientMailTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;

  GreenMail smtp;

  @BeforeEach
  void startSmtp() {
    smtp = new GreenMail(new ServerSetup(39025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterEach
  void stopSmtp() {
    smtp.stop();
  }

  ResponseEntity<String> visitorPosts(String path, Object body, String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", token);
    return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
  }

  ResponseEntity<String> operatorWrites(String key, String conversationId, String text) {
    return http.exchange("/api/conversations/" + conversationId + "/messages", HttpMethod.POST,
        ApiTokens.request(key, Map.of("text", text)), String.class);
  }

  @Test
  void aGoneVisitorGetsTheReplyByMailInTheChannelsLanguageAndAPresentOneDoesNot() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String key = new ApiTokens(apiKeys).operator(olga);
    String channel = fx.channel("client-mail", DistributionMode.STRICT, 2, olga);
    ResponseEntity<String> saved = http.exchange("/api/admin/channels/" + channel + "/client-mail", HttpMethod.PUT,
        ApiTokens.request(ApiTokens.ADMIN, Map.of("language", "de", "newMessageMail", true, "goneAfter", "PT0S")), String.class);
    assertThat(saved.getStatusCode().value()).as(saved.getBody()).isEqualTo(200);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel,
        ConnectorTypes.LIVECHAT, 1000, null, new LiveChatSettings(false, null, false)));
    @SuppressWarnings("unchecked")
    Map<String, Object> chat = http.postForEntity("/livechat/" + connector.id() + "/chats",
        Map.of("name", "Ann", "email", "ann@example.com"), Map.class).getBody();
    String token = (String) chat.get("token");

    // The visitor writes and leaves the page (no widget connected): the reply goes out by mail, in German.
    visitorPosts("/livechat/messages", Map.of("clientMessageId", "c-1", "text", "Wo ist mein Paket?"), token);
    String conversationId = ingestion.find(connector.id(), (String) chat.get("sessionId"), "c-1").orElseThrow().getConversationId();
    await().atMost(WAIT).until(() -> routing.offers(conversationId).stream()
        .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(olga)));
    http.exchange("/api/conversations/" + conversationId + "/answer", HttpMethod.POST, ApiTokens.request(key), String.class);
    await().atMost(WAIT).until(() -> conversations.findById(conversationId).orElseThrow().getStatus() == ConversationStatus.IN_PROGRESS);
    assertThat(operatorWrites(key, conversationId, "Es kommt morgen.").getStatusCode().value()).isEqualTo(201);

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("ann@example.com");
    assertThat(received[0].getSubject()).isEqualTo("Sie haben eine neue Nachricht");
    assertThat(GreenMailUtil.getBody(received[0])).contains("Es kommt morgen.");

    // With the widget open the visitor sees the reply there: no mail.
    try (LiveChatClient browser = new LiveChatClient(port, token)) {
      await().atMost(WAIT).until(() -> !browser.messageData().isEmpty());
      assertThat(operatorWrites(key, conversationId, "Zwischen 9 und 12 Uhr.").getStatusCode().value()).isEqualTo(201);
      assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    // The history mail speaks the channel's language too.
    ResponseEntity<String> history = visitorPosts("/livechat/history-requests", Map.of(), token);
    assertThat(history.getBody()).contains("\"sent\":true");
    MimeMessage transcript = smtp.getReceivedMessages()[1];
    assertThat(transcript.getSubject()).isEqualTo("Ihr Gespräch mit uns");
    assertThat(GreenMailUtil.getBody(transcript)).contains("Sie: Wo ist mein Paket?").contains("Mitarbeiter: Es kommt morgen.");
  }

  @Test
  void badClientMailSettingsAreRefusedOnSave() {
    String channel = new RoutingFixtures(channels, operators, mongo).channel("client-mail-bad", DistributionMode.STRICT, 2, "nobody");

    ResponseEntity<String> refused = http.exchange("/api/admin/channels/" + channel + "/client-mail", HttpMethod.PUT,
        ApiTokens.request(ApiTokens.ADMIN, Map.of("language", "fr", "newMessageMail", true, "goneAfter", "PT48H")), String.class);

    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getBody()).contains("the mails' language is en, de or ru").contains("the time gone is at most 24 hours");
    assertThat(http.exchange("/api/admin/channels/" + channel + "/client-mail", HttpMethod.GET,
        ApiTokens.request(ApiTokens.ADMIN), String.class).getBody()).contains("\"language\":\"en\"").contains("\"newMessageMail\":false");
  }
}
