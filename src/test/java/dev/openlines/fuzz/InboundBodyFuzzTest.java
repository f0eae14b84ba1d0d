package dev.openlines.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.OpenLinesApplication;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.connector.TelegramSettings;
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
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Fuzzing of every inbound body (1,000 generated bodies per endpoint) against the
 * running application over HTTP: webhook and public endpoints answer 2xx or 4xx, never 5xx, their problem
 * details never name Java classes, and a refused Telegram update stores nothing. Bodies mix random text,
 * random JSON, and documents of the expected shape whose fields hold anything (huge numbers, nulls, arrays
 * of nulls, wrong types), which is where real bugs hid: {@code "date":100000000000000000} and
 * {@code "photo":[null]} once answered 500. Each test sends {@value #TRIES} bodies from a seeded generator
 * ({@link Random}); a failure names the seed and the body, so it can be replayed.
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

  private static final int TRIES = 1000;

  @BeforeAll
  static void start() throws Exception {
    app = new SpringApplicationBuilder(OpenLinesApplication.class).run("--server.port=0");
    base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    ConnectorSettingsService connectors = app.getBean(ConnectorSettingsService.class);
    // Limits far above the tries, so every generated body reaches the parsing it is meant to test.
    RateLimits generous = new RateLimits(100_000, 100_000, 100_000, 100_000, 1_000_000, 100_000);
    String channel = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
    telegram = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 1000,
        new TelegramSettings("123456:fuzz-token", SECRET, URI.create("http://127.0.0.1:1")), null, generous));
    liveChat = connectors.create(new ConnectorSettings(null, channel + "-chat", ConnectorTypes.LIVECHAT, 1000, null,
        new LiveChatSettings(false, null, false), generous));
    visitorToken = JSON.readTree(post("/livechat/" + liveChat.id() + "/chats", "{\"email\":\"ann@example.org\"}", Map.of()).body())
        .path("token").asText();
    botKey = app.getBean(ApiKeyService.class)
        .create(new ApiKeyRequest("fuzz-bot", "Fuzz bot", Set.of(Role.BOT), null, "fuzz", Set.of(channel)), "fuzz").key();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void telegramWebhookNeverFailsAndStoresNothingItRefuses() throws Exception {
    Bodies bodies = new Bodies(1);
    for (int i = 0; i < TRIES; i++) {
      String body = bodies.of(bodies.telegramUpdate());
      long storedBefore = storedTelegramMessages();
      HttpResponse<String> answer =
          post("/webhooks/telegram/" + telegram.id(), body, Map.of("X-Telegram-Bot-Api-Secret-Token", SECRET));
      assertAnswered(answer, body, bodies);
      if (answer.statusCode() >= 400) {
        assertThat(storedTelegramMessages()).as("stored after refusing %s (seed %d)", body, bodies.seed).isEqualTo(storedBefore);
      }
    }
  }

  @Test
  void liveChatStartNeverFails() throws Exception {
    Bodies bodies = new Bodies(2);
    for (int i = 0; i < TRIES; i++) {
      String body = bodies.of(bodies.liveChatRequest());
      assertAnswered(post("/livechat/" + liveChat.id() + "/chats", body, Map.of()), body, bodies);
    }
  }

  @Test
  void liveChatMessagesNeverFail() throws Exception {
    Bodies bodies = new Bodies(3);
    for (int i = 0; i < TRIES; i++) {
      String body = bodies.of(bodies.liveChatRequest());
      assertAnswered(post("/livechat/messages", body, Map.of("X-LiveChat-Token", visitorToken)), body, bodies);
    }
  }

  @Test
  void liveChatSmallRequestsNeverFail() throws Exception {
    Bodies bodies = new Bodies(4);
    List<String> paths = List.of("/livechat/typing", "/livechat/rating", "/livechat/history-requests", "/livechat/consent");
    for (int i = 0; i < TRIES; i++) {
      String body = bodies.of(bodies.liveChatRequest());
      assertAnswered(post(bodies.pick(paths), body, Map.of("X-LiveChat-Token", visitorToken)), body, bodies);
    }
  }

  @Test
  void botApiNeverFails() throws Exception {
    Bodies bodies = new Bodies(5);
    List<String> paths = List.of("/messages", "/hand-off", "/close");
    for (int i = 0; i < TRIES; i++) {
      String body = bodies.of(bodies.object(List.of("text", "messageId", "note")));
      assertAnswered(
          post("/api/bot/conversations/fuzz-conversation" + bodies.pick(paths), body, Map.of("Authorization", "Bearer " + botKey)),
          body,
          bodies);
    }
  }

  /**
   * Generates request bodies: mostly documents of the endpoint's shape whose fields hold anything, some
   * other JSON, some text that is not JSON at all. Seeded, so a failing body can be produced again.
   */
  static final class Bodies {
    private static final List<Object> EDGE_NUMBERS =
        List.of(0L, -1L, 1L, 100_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, 253_402_300_800L);
    private static final List<String> EDGE_STRINGS =
        List.of("", " ", "LIKE", "DISLIKE", "ann@example.org", "+49 30 1234567", "c-1", "x".repeat(5000));
    private static final List<String> BROKEN_JSON =
        List.of("", "{", "[", "null", "{\"a\":", "{\"update_id\":1,\"message\":", "\u0000", "{}{}", "[]");

    final long seed;
    private final Random random;

    Bodies(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
    }

    /** 6 in 10 the shaped document, 2 in 10 any JSON value, 2 in 10 raw text. */
    String of(Object shaped) {
      int roll = random.nextInt(10);
      if (roll < 6) {
        return write(shaped);
      }
      return roll < 8 ? write(value(0)) : rawText();
    }

    Object telegramUpdate() {
      Map<String, Object> message = someOf(Map.of(
          "message_id", this::anyValue, "date", this::anyValue,
          "chat", () -> object(List.of("id", "type", "title", "username")),
          "from", () -> object(List.of("id", "is_bot", "first_name", "last_name", "username", "language_code")),
          "text", this::anyValue, "caption", this::anyValue,
          "photo", () -> photos(),
          "document", () -> object(List.of("file_id", "file_unique_id", "file_name", "mime_type", "file_size"))));
      return someOf(Map.of("update_id", this::anyValue, "message", () -> message, "edited_message", () -> message));
    }

    Object liveChatRequest() {
      return object(List.of("name", "email", "phone", "clientMessageId", "text", "rating", "comment"));
    }

    /** An object with some of the given field names, each holding anything. */
    Object object(List<String> fields) {
      Map<String, java.util.function.Supplier<Object>> values = new LinkedHashMap<>();
      fields.forEach(field -> values.put(field, this::anyValue));
      return someOf(values);
    }

    <T> T pick(List<T> choices) {
      return choices.get(random.nextInt(choices.size()));
    }

    private Map<String, Object> someOf(Map<String, java.util.function.Supplier<Object>> fields) {
      Map<String, Object> object = new LinkedHashMap<>();
      new java.util.TreeMap<>(fields).forEach((name, value) -> {
        if (random.nextBoolean()) {
          object.put(name, value.get());
        }
      });
      return object;
    }

    private Object photos() {
      List<Object> photos = new ArrayList<>();
      int size = random.nextInt(5);
      for (int i = 0; i < size; i++) {
        int roll = random.nextInt(6);
        photos.add(roll < 2 ? null : roll < 5 ? object(List.of("file_id", "file_unique_id", "width", "height", "file_size")) : anyValue());
      }
      return photos;
    }

    private Object anyValue() {
      return value(0);
    }

    /** Any JSON value, nested a little. */
    private Object value(int depth) {
      int roll = random.nextInt(depth < 2 ? 5 : 3);
      if (roll == 3) {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) list.add(value(depth + 1));
        return list;
      }
      if (roll == 4) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) map.put(text(8), value(depth + 1));
        return map;
      }
      return scalar();
    }

    private Object scalar() {
      return switch (random.nextInt(8)) {
        case 0 -> null;
        case 1 -> random.nextBoolean();
        case 2 -> random.nextLong();
        case 3 -> pick(EDGE_NUMBERS);
        case 4 -> new BigInteger(100, random).subtract(BigInteger.TWO.pow(99));
        case 5 -> BigDecimal.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
        case 6 -> text(40);
        default -> pick(EDGE_STRINGS);
      };
    }

    private String rawText() {
      return random.nextBoolean() ? text(200) : pick(BROKEN_JSON);
    }

    /** Up to {@code max} characters from the whole BMP, control characters and surrogates included. */
    private String text(int max) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(max + 1); i > 0; i--) {
        text.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x10000) : 0x20 + random.nextInt(0x5f)));
      }
      return text.toString();
    }
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

  private static void assertAnswered(HttpResponse<String> answer, String body, Bodies bodies) {
    assertThat(answer.statusCode()).as("status for body %s (seed %d): %s", body, bodies.seed, answer.body()).isBetween(200, 499);
    assertThat(INTERNAL_NAME.matcher(answer.body()).find())
        .as("internal name in %s (body %s, seed %d)", answer.body(), body, bodies.seed)
        .isFalse();
  }

  private static long storedTelegramMessages() {
    return app.getBean(MongoTemplate.class)
        .count(Query.query(Criteria.where("connectorId").is(telegram.id())), ConversationMessage.class);
  }
}
