package dev.openlines.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.openlines.channel.BotSettings;
import dev.openlines.channel.BotSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.TelegramSettings;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.MessageAuthor;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.testing.ApiTokens;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Planted secrets, every outbound call failing: a Telegram bot token (one connector's Bot API unreachable,
 * another's answering 500 with an error that repeats the request path) and a chat bot's webhook secret
 * (its URL unreachable, the secret also in the URL's user info and query, as admins do write them). The
 * failures are stored, answered by the API and logged, and none of it contains a secret: not the operators'
 * message list, not process health, not any stored document outside the secret's own settings, not the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTest {

  static final Duration WAIT = Duration.ofSeconds(90);
  static final String WEBHOOK_SECRET = "leak-test-webhook-secret-0123";

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ConnectorSettingsService connectors;
  @Autowired BotSettingsService bots;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationMessageStore messages;
  @Autowired MongoTemplate mongo;

  @Test
  void plantedSecretsAppearInNoAnswerStoredDocumentOrLogLine(CapturedOutput output) throws Exception {
    String unique = UUID.randomUUID().toString().replace("-", "");
    String unreachableToken = "777001:PLANTED" + unique.substring(0, 12);
    String echoedToken = "777002:PLANTED" + unique.substring(12, 24);
    String botSecret = "PLANTEDBOT" + unique.substring(0, 20);
    List<String> secrets = List.of(unreachableToken, echoedToken, botSecret, unreachableToken.split(":")[1],
        echoedToken.split(":")[1]);

    HttpServer failingBotApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    failingBotApi.createContext("/", exchange -> {
      byte[] body = ("{\"ok\":false,\"error_code\":500,\"description\":\"Internal error at " + exchange.getRequestURI() + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(500, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    failingBotApi.start();
    try {
      RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
      String olga = fx.operator("olga");
      String olgaKey = new ApiTokens(apiKeys).operator(olga);
      List<String> conversationIds = new ArrayList<>();
      for (var telegram : List.of(
          new TelegramSettings(unreachableToken, WEBHOOK_SECRET, URI.create("http://127.0.0.1:1")),
          new TelegramSettings(echoedToken, WEBHOOK_SECRET,
              URI.create("http://127.0.0.1:" + failingBotApi.getAddress().getPort())))) {
        String channel = fx.channel("leak-" + conversationIds.size(), DistributionMode.STRICT, 10, olga);
        ConnectorSettings connector =
            connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 1000, telegram, null));
        String conversationId = clientWrites(connector, "Hello");
        await().atMost(WAIT).until(() -> routing.offers(conversationId).stream().map(Offer::operatorId).toList(),
            offered -> offered.contains(olga));
        assertThat(post("/api/conversations/" + conversationId + "/answer", olgaKey, null)).isEqualTo(204);
        // 202 while the Bot API is unreachable (queued for the background retry), 201 when refused.
        assertThat(post("/api/conversations/" + conversationId + "/messages", olgaKey, Map.of("text", "How can I help?")))
            .isIn(201, 202);
        await().atMost(WAIT).until(() -> messages.history(conversationId).stream()
            .anyMatch(m -> m.getAuthor() == MessageAuthor.OPERATOR && m.getDeliveryError() != null));
        conversationIds.add(conversationId);
      }

      String botChannel = fx.channel("leak-bot", DistributionMode.STRICT, 10, olga);
      bots.save(new BotSettings(botChannel, true,
          URI.create("http://openlines:" + botSecret + "@127.0.0.1:1/hook?token=" + botSecret), botSecret, Duration.ofMinutes(5)));
      ConnectorSettings botConnector = connectors.create(new ConnectorSettings(null, botChannel, ConnectorTypes.TELEGRAM, 1000,
          new TelegramSettings("777003:bot-channel-token", WEBHOOK_SECRET, URI.create("http://127.0.0.1:1")), null));
      clientWrites(botConnector, "Hello bot");
      await().atMost(WAIT).until(() -> output.getAll().contains("chat bot at http://"));

      List<String> answers = new ArrayList<>();
      for (String conversationId : conversationIds) {
        answers.add(get("/api/conversations/" + conversationId + "/messages", olgaKey));
      }
      answers.add(get("/api/supervisor/process-health", new ApiTokens(apiKeys).supervisor()));
      answers.add(get("/api/admin/channels/" + botChannel + "/connectors", ApiTokens.ADMIN));
      assertThat(String.join("\n", answers)).contains("127.0.0.1:1");

      for (String secret : secrets) {
        assertThat(answers).as("API answers").noneMatch(answer -> answer.contains(secret));
        assertThat(output.getAll()).as("log output").doesNotContain(secret);
        assertThat(storedOutsideOwnSettings(secret)).as("stored documents holding " + secret).isEmpty();
      }
      assertThat(String.join("\n", answers) + output.getAll()).contains(SecretRedaction.MASK);
    } finally {
      failingBotApi.stop(0);
    }
  }

  private String clientWrites(ConnectorSettings connector, String text) {
    long id = System.nanoTime() % 1_000_000_000L;
    String update = "{\"update_id\":" + id + ",\"message\":{\"message_id\":" + id + ",\"date\":1764600000,"
        + "\"chat\":{\"id\":" + id + ",\"type\":\"private\"},\"from\":{\"id\":" + id + ",\"first_name\":\"Kate\"},"
        + "\"text\":\"" + text + "\"}}";
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET);
    assertThat(http.postForEntity("/webhooks/telegram/" + connector.id(), new HttpEntity<>(update, headers), String.class)
        .getStatusCode().value()).isEqualTo(200);
    return ingestion.find(connector.id(), String.valueOf(id), id + ":" + id).map(ConversationMessage::getConversationId).orElseThrow();
  }

  private int post(String path, String key, Object body) {
    return http.exchange(path, HttpMethod.POST, ApiTokens.request(key, body), String.class).getStatusCode().value();
  }

  private String get(String path, String key) {
    return http.exchange(path, HttpMethod.GET, ApiTokens.request(key), String.class).getBody();
  }

  /** Every stored document that holds the secret, except the connector and bot settings that are its home. */
  private List<String> storedOutsideOwnSettings(String secret) {
    List<String> holding = new ArrayList<>();
    for (String collection : mongo.getCollectionNames()) {
      if (collection.equals("connectors") || collection.equals("channelBotSettings")) {
        continue;
      }
      for (Document document : mongo.getCollection(collection).find()) {
        if (document.toJson().contains(secret)) {
          holding.add(collection + ": " + document.toJson());
        }
      }
    }
    return holding;
  }
}
