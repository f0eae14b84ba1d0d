package dev.openlines.connector.viber;

import dev.openlines.connector.ViberSettings;
import dev.openlines.testing.TestChannels;
import static dev.openlines.connector.viber.ViberPayloads.AUTH_TOKEN;
import static dev.openlines.connector.viber.ViberPayloads.USER;
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

/** Viber callbacks as Viber documents them, signed with the bot's token. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ViberWebhookTest {

  @Autowired TestRestTemplate http;

  @Autowired dev.openlines.channel.ChannelService channelService;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ViberSubscriptions subscriptions;
  @Autowired MongoTemplate mongo;

  ConnectorSettings connector;

  @BeforeEach
  void connector() {
    connector = connectors.create(ConnectorSettings.of(null, TestChannels.create(channelService), ConnectorTypes.VIBER, 50_000,
        new ViberSettings(AUTH_TOKEN, "ACME Support", null)));
  }

  static HttpHeaders signed(String body, String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (token != null) {
      headers.set("X-Viber-Content-Signature", WebhookSignatures.hmacSha256Hex(body.getBytes(StandardCharsets.UTF_8), token));
    }
    return headers;
  }

  ResponseEntity<String> post(String body, String token) {
    return http.postForEntity("/webhooks/viber/" + connector.id(), new HttpEntity<>(body, signed(body, token)), String.class);
  }

  long stored() {
    return mongo.count(Query.query(Criteria.where("connectorId").is(connector.id())), ConversationMessage.class);
  }

  @Test
  void aTextMessageIsStoredWithTheSendersViberIdNameAndLanguage() {
    assertThat(post(ViberPayloads.text(4912661846655238145L, 1457764197627L, "a message to the service"), AUTH_TOKEN)
        .getStatusCode().value()).isEqualTo(200);

    ConversationMessage message = ingestion.findAnySender(connector.id(), "4912661846655238145").orElseThrow();
    assertThat(message.getClientId()).isEqualTo(USER);
    assertThat(message.getText()).isEqualTo("a message to the service");
    assertThat(message.getClient().name()).isEqualTo("John McClane");
    assertThat(message.getClient().language()).isEqualTo("en");
    assertThat(message.getSentAt()).isEqualTo(Instant.ofEpochMilli(1457764197627L));
  }

  @Test
  void picturesFilesContactsAndLocationsAreReadStickersAndSubscriptionsOpenNothing() {
    post(ViberPayloads.message(101, 1457764197628L,
        "{\"type\": \"picture\", \"text\": \"My router\", \"media\": \"https://dl-media.viber.com/1/share/2/long/router.jpg\", \"size\": 31000}"),
        AUTH_TOKEN);
    post(ViberPayloads.message(102, 1457764197629L,
        "{\"type\": \"file\", \"media\": \"https://dl-media.viber.com/1/share/2/long/contract.pdf\", \"size\": 10000, \"file_name\": \"contract.pdf\"}"),
        AUTH_TOKEN);
    post(ViberPayloads.message(103, 1457764197630L,
        "{\"type\": \"contact\", \"contact\": {\"name\": \"Alex\", \"phone_number\": \"+972511123123\"}}"), AUTH_TOKEN);
    post(ViberPayloads.message(104, 1457764197631L, "{\"type\": \"location\", \"location\": {\"lat\": 50.76891, \"lon\": 6.11499}}"),
        AUTH_TOKEN);
    post(ViberPayloads.message(105, 1457764197632L, "{\"type\": \"sticker\", \"sticker_id\": 46105}"), AUTH_TOKEN);
    post("""
        {"event": "subscribed", "timestamp": 1457764197633, "chat_hostname": "SN-376_",
         "user": {"id": "%s", "name": "John McClane", "language": "en", "api_version": 1}, "message_token": 106}
        """.formatted(USER), AUTH_TOKEN);
    post("""
        {"event": "conversation_started", "timestamp": 1457764197634, "chat_hostname": "SN-376_", "message_token": 107,
         "type": "open", "context": "context information", "user": {"id": "%s", "name": "John McClane"}, "subscribed": false}
        """.formatted(USER), AUTH_TOKEN);
    assertThat(post("{\"event\": \"webhook\", \"timestamp\": 1457764197635, \"chat_hostname\": \"SN-376_\", \"message_token\": 108}",
        AUTH_TOKEN).getStatusCode().value()).isEqualTo(200);

    assertThat(ingestion.findAnySender(connector.id(), "101").orElseThrow().getText()).isEqualTo("My router");
    assertThat(ingestion.findAnySender(connector.id(), "101").orElseThrow().getAttachments()).singleElement()
        .satisfies(a -> assertThat(a.downloadReference()).isEqualTo("https://dl-media.viber.com/1/share/2/long/router.jpg"));
    assertThat(ingestion.findAnySender(connector.id(), "102").orElseThrow().getAttachments()).singleElement()
        .satisfies(a -> assertThat(a.name()).isEqualTo("contract.pdf"));
    assertThat(ingestion.findAnySender(connector.id(), "103").orElseThrow().getText()).isEqualTo("Contact: Alex, +972511123123");
    assertThat(ingestion.findAnySender(connector.id(), "104").orElseThrow().getText()).isEqualTo("Location: https://maps.google.com/?q=50.76891,6.11499");
    assertThat(stored()).isEqualTo(4);
  }

  @Test
  void anUnsubscribeIsRememberedAndALaterMessageSubscribesAgain() {
    post("{\"event\": \"unsubscribed\", \"timestamp\": 1457764197700, \"user_id\": \"%s\", \"message_token\": 201}".formatted(USER),
        AUTH_TOKEN);
    assertThat(subscriptions.unsubscribed(connector.id(), USER)).isTrue();

    post(ViberPayloads.text(202, 1457764197800L, "back again"), AUTH_TOKEN);

    assertThat(subscriptions.unsubscribed(connector.id(), USER)).isFalse();
  }

  @Test
  void aMissingOrWrongSignatureOrAMalformedBodyStoresNothing() {
    String body = ViberPayloads.text(301, 1457764197627L, "x");
    ResponseEntity<String> unsigned = post(body, null);
    ResponseEntity<String> otherBot = post(body, "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480xxx");
    ResponseEntity<String> noSender = post("{\"event\": \"message\", \"timestamp\": 1, \"message_token\": 5, \"message\": {\"type\": \"text\"}}",
        AUTH_TOKEN);

    assertThat(unsigned.getStatusCode().value()).isEqualTo(401);
    assertThat(otherBot.getStatusCode().value()).isEqualTo(401);
    assertThat(otherBot.getBody()).contains("X-Viber-Content-Signature").doesNotContain(AUTH_TOKEN);
    assertThat(noSender.getStatusCode().value()).isEqualTo(400);
    assertThat(noSender.getBody()).contains("sender is required");
    assertThat(stored()).isZero();
  }

  @Test
  void noMutationOfAValidBodyGetsA5xx() {
    WebhookPosts.fuzz(ViberPayloads.text(4912661846655238146L, 1457764197627L, "fuzz"), body -> post(body, AUTH_TOKEN));
  }

  @Test
  void theSameMessageDeliveredTwentyTimesConcurrentlyIsStoredOnce() throws Exception {
    String body = ViberPayloads.text(401, 1457764197627L, "twenty");

    WebhookPosts.deliverConcurrently(20, () -> post(body, AUTH_TOKEN));

    assertThat(stored()).isEqualTo(1);
  }
}
