package dev.openlines.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.OpenLinesApplication;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.ratelimit.RateLimits;
import dev.openlines.security.ApiKeyRequest;
import dev.openlines.security.ApiKeyService;
import dev.openlines.security.Role;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Property-based fuzzing of every inbound body (jqwik, 1,000 generated bodies per endpoint) against the
 * running application over HTTP: webhook and public endpoints answer 2xx or 4xx, never 5xx, their problem
 * details never name Java classes, and a refused Telegram update stores nothing. Bodies mix random text,
 * random JSON, and documents of the expected shape whose fields hold anything (huge numbers, nulls, arrays
 * of nulls, wrong types), which is where real bugs hid: {@code "date":100000000000000000} and
 * {@code "photo":[null]} once answered 500.
 */
class InboundBodyFuzzTest {

  private static final String SECRET = "fuzz-webhook-secret-0123456789";
  private static final Pattern INTERNAL_NAME =
      Pattern.compile("(java|javax|jakarta|dev\\.openlines|com\\.fasterxml|org\\.springframework|io\\.camunda)\\.[a-z]|Exception|\\bat [a-z]+\\.");
  private static final ObjectMapper JSON = new ObjectMapper();

  static ConfigurableApplicationContext app;
  static HttpClient http;
  static String base;
  static ConnectorSettings telegram;
  static ConnectorSettings liveChat;
  static String visitorToken;
  static String botKey;

  @BeforeContainer
  static void start() throws Exception {
    app = new SpringApplicationBuilder(OpenLinesApplication.class).run("--server.port=0");
    base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    ConnectorSettingsService connectors = app.getBean(ConnectorSettingsService.class);
    // Limits far above the tries, so every generated body reaches the parsing it is meant to test.
    RateLimits generous = new RateLimits(100_000, 100_000, 100_000, 100_000, 1_000_000, 100_000);
    String channel = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
    telegram = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 1000,
        new ConnectorSettings.Telegram("123456:fuzz-token", SECRET, URI.create("http://127.0.0.1:1")), null, generous));
    liveChat = connectors.create(new ConnectorSettings(null, channel + "-chat", ConnectorTypes.LIVECHAT, 1000, null,
        new ConnectorSettings.LiveChat(false, null, false), generous));
    visitorToken = JSON.readTree(post("/livechat/" + liveChat.id() + "/chats", "{\"email\":\"ann@example.org\"}", Map.of()).body())
        .path("token").asText();
    botKey = app.getBean(ApiKeyService.class)
        .create(new ApiKeyRequest("fuzz-bot", "Fuzz bot", Set.of(Role.BOT), null, "fuzz", Set.of(channel)), "fuzz").key();
  }

  @AfterContainer
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Property(tries = 1000)
  void telegramWebhookNeverFailsAndStoresNothingItRefuses(@ForAll("telegramBodies") String body) throws Exception {
    long storedBefore = storedTelegramMessages();
    HttpResponse<String> answer =
        post("/webhooks/telegram/" + telegram.id(), body, Map.of("X-Telegram-Bot-Api-Secret-Token", SECRET));
    assertAnswered(answer, body);
    if (answer.statusCode() >= 400) {
      assertThat(storedTelegramMessages()).as("stored after refusing %s", body).isEqualTo(storedBefore);
    }
  }

  @Property(tries = 1000)
  void liveChatStartNeverFails(@ForAll("liveChatBodies") String body) throws Exception {
    assertAnswered(post("/livechat/" + liveChat.id() + "/chats", body, Map.of()), body);
  }

  @Property(tries = 1000)
  void liveChatMessagesNeverFail(@ForAll("liveChatBodies") String body) throws Exception {
    assertAnswered(post("/livechat/messages", body, Map.of("X-LiveChat-Token", visitorToken)), body);
  }

  @Property(tries = 1000)
  void liveChatSmallRequestsNeverFail(@ForAll("liveChatBodies") String body, @ForAll("liveChatPaths") String path)
      throws Exception {
    assertAnswered(post(path, body, Map.of("X-LiveChat-Token", visitorToken)), body);
  }

  @Property(tries = 1000)
  void botApiNeverFails(@ForAll("botBodies") String body, @ForAll("botPaths") String path) throws Exception {
    assertAnswered(post("/api/bot/conversations/fuzz-conversation" + path, body, Map.of("Authorization", "Bearer " + botKey)), body);
  }

  @Provide
  Arbitrary<String> liveChatPaths() {
    return Arbitraries.of("/livechat/typing", "/livechat/rating", "/livechat/history-requests", "/livechat/consent");
  }

  @Provide
  Arbitrary<String> botPaths() {
    return Arbitraries.of("/messages", "/hand-off", "/close");
  }

  @Provide
  Arbitrary<String> telegramBodies() {
    Arbitrary<Object> photo = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, Arbitraries.just((Object) null)),
        net.jqwik.api.Tuple.of(3, object(List.of("file_id", "file_unique_id", "width", "height", "file_size"))),
        net.jqwik.api.Tuple.of(1, value()));
    Arbitrary<Object> message = objectWith(Map.of(
        "message_id", value(), "date", value(), "chat", object(List.of("id", "type", "title", "username")),
        "from", object(List.of("id", "is_bot", "first_name", "last_name", "username", "language_code")),
        "text", value(), "caption", value(), "photo", photo.list().ofMaxSize(4).map(l -> (Object) l),
        "document", object(List.of("file_id", "file_unique_id", "file_name", "mime_type", "file_size"))));
    return bodies(objectWith(Map.of("update_id", value(), "message", message, "edited_message", message)));
  }

  @Provide
  Arbitrary<String> liveChatBodies() {
    return bodies(object(List.of("name", "email", "phone", "clientMessageId", "text", "rating", "comment")));
  }

  @Provide
  Arbitrary<String> botBodies() {
    return bodies(object(List.of("text", "messageId", "note")));
  }

  /** Mostly documents of the endpoint's shape, some other JSON, some text that is not JSON at all. */
  private static Arbitrary<String> bodies(Arbitrary<Object> shaped) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, shaped.map(InboundBodyFuzzTest::write)),
        net.jqwik.api.Tuple.of(2, value().map(InboundBodyFuzzTest::write)),
        net.jqwik.api.Tuple.of(2, rawText()));
  }

  /** Any JSON value, nested a little: the values a field may be given. */
  private static Arbitrary<Object> value() {
    return Arbitraries.lazyOf(
        InboundBodyFuzzTest::scalar,
        InboundBodyFuzzTest::scalar,
        InboundBodyFuzzTest::scalar,
        () -> Arbitraries.lazy(InboundBodyFuzzTest::scalar).list().ofMaxSize(3).map(l -> (Object) l),
        () -> Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), Arbitraries.lazy(InboundBodyFuzzTest::scalar))
            .ofMaxSize(3).map(m -> (Object) m));
  }

  private static Arbitrary<Object> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.of(0L, -1L, 1L, 100_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, 253_402_300_800L)
            .map(l -> (Object) l),
        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)).map(b -> (Object) b),
        Arbitraries.doubles().map(d -> (Object) BigDecimal.valueOf(d)),
        Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
        Arbitraries.of("", " ", "LIKE", "DISLIKE", "ann@example.org", "+49 30 1234567", "c-1", "x".repeat(5000))
            .map(s -> (Object) s));
  }

  /** An object with some of the given field names, each holding anything. */
  private static Arbitrary<Object> object(List<String> fields) {
    Map<String, Arbitrary<Object>> values = new LinkedHashMap<>();
    fields.forEach(field -> values.put(field, value()));
    return objectWith(values);
  }

  private static Arbitrary<Object> objectWith(Map<String, Arbitrary<Object>> fields) {
    List<String> names = new ArrayList<>(fields.keySet());
    return Arbitraries.subsetOf(names).flatMap(chosen -> {
      List<String> ordered = names.stream().filter(chosen::contains).toList();
      List<Arbitrary<Object>> arbitraries = ordered.stream().map(fields::get).toList();
      return net.jqwik.api.Combinators.combine(arbitraries).as(list -> {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
          object.put(ordered.get(i), list.get(i));
        }
        return (Object) object;
      });
    });
  }

  private static Arbitrary<String> rawText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(200),
        Arbitraries.of("", "{", "[", "null", "{\"a\":", "{\"update_id\":1,\"message\":", "\u0000", "{}{}", "[]"));
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertAnswered(HttpResponse<String> answer, String body) {
    assertThat(answer.statusCode()).as("status for body %s: %s", body, answer.body()).isBetween(200, 499);
    assertThat(INTERNAL_NAME.matcher(answer.body()).find()).as("internal name in %s (body %s)", answer.body(), body).isFalse();
  }

  private static long storedTelegramMessages() {
    return app.getBean(MongoTemplate.class)
        .count(Query.query(Criteria.where("connectorId").is(telegram.id())), ConversationMessage.class);
  }
}
