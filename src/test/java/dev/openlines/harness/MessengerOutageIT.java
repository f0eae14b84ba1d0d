package dev.openlines.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telegram's Bot API unreachable, then back, from outside: the packaged application with a Telegram connector
 * pointed at a local stand-in that answers 502 while down. Clients write through the webhook while it is down;
 * every conversation must still be offered to an operator and answered; once the Bot API is back, the greeting
 * and the operator's reply reach each chat exactly once.
 *
 * <p>{@code fault.outageSeconds} (default 30) sets how long the Bot API stays down after the last client wrote;
 * {@code fault.telegramClients} (default 5) how many clients write.
 */
class MessengerOutageIT {

  private static final Duration IDLE_TIME = Duration.ofMinutes(1);
  private static final Duration MARGIN = Duration.ofSeconds(90);
  private static final String GREETING = "Hello! An operator will be with you shortly.";
  private static final String SECRET = "fault-suite-webhook-secret";

  private final int clients = Integer.getInteger("fault.telegramClients", 5);
  private final Duration outage = Duration.ofSeconds(Integer.getInteger("fault.outageSeconds", 30));

  @TempDir Path temp;

  @Test
  void conversationsAreRoutedWhileTheMessengerIsDownAndEverythingIsDeliveredOnceItIsBack() throws Exception {
    try (FakeTelegramBotApi telegram = new FakeTelegramBotApi();
        PackagedApp app = PackagedApp.on(temp, PackagedApp.freePort(), List.of("-Xmx1g"), List.of())) {
      app.start(PackagedApp.START_TIMEOUT);
      OpenLinesHttp http = new OpenLinesHttp(app.baseUrl(), Duration.ofSeconds(30));
      Map<String, String> keys = telegramLine(http, telegram, List.of("op-1", "op-2"), GREETING);

      telegram.down();
      Instant downSince = Instant.now();
      for (int i = 1; i <= clients; i++) {
        OpenLinesHttp.Answer answer = http.postWithHeader("/webhooks/telegram/tg", "X-Telegram-Bot-Api-Secret-Token", SECRET,
            update(i));
        assertThat(answer.status()).as("webhook for client %d", i).isEqualTo(200);
      }

      // Routed although the greeting cannot be sent: each conversation reaches an operator, who answers and replies.
      Map<String, String> offeredTo = new HashMap<>();
      await("every Telegram conversation offered while the Bot API is down")
          .atMost(IDLE_TIME.plus(MARGIN)).pollInterval(Duration.ofSeconds(1))
          .until(() -> {
            for (Map.Entry<String, String> op : keys.entrySet()) {
              http.inbox(op.getValue()).path("offers").forEach(o -> offeredTo.put(o.path("conversationId").asText(), op.getKey()));
            }
            return offeredTo.size() >= clients;
          });
      for (Map.Entry<String, String> offer : offeredTo.entrySet()) {
        String key = keys.get(offer.getValue());
        http.post("/api/conversations/" + offer.getKey() + "/answer", key, Map.of()).require2xx("answer");
        http.post("/api/conversations/" + offer.getKey() + "/messages", key, Map.of("text", "Reply to " + offer.getKey()))
            .require2xx("operator reply while Telegram is down");
      }
      await("the Bot API was tried while down").atMost(MARGIN).until(() -> telegram.refusedCalls() > 0);
      // The outage lasts its full time while the app's retries back off: the condition is the clock itself.
      await("outage of " + outage).atMost(outage.plus(MARGIN)).until(() -> Instant.now().isAfter(downSince.plus(outage)));

      telegram.up();
      await("greeting and reply delivered to every chat once Telegram is back")
          .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
          .until(() -> telegram.delivered().stream().filter(s -> s.text().equals(GREETING)).count() >= clients
              && telegram.delivered().stream().filter(s -> s.text().startsWith("Reply to ")).count() >= clients);
      Map<String, Long> perText = telegram.delivered().stream()
          .collect(Collectors.groupingBy(s -> s.chatId() + " " + s.text(), Collectors.counting()));
      assertThat(perText.values()).as("each automatic text and reply delivered exactly once: " + perText).allMatch(n -> n == 1);
      Set<String> chats = telegram.delivered().stream().map(FakeTelegramBotApi.Sent::chatId).collect(Collectors.toSet());
      assertThat(chats).hasSize(clients);
    }
  }

  /**
   * The service killed while Telegram had not answered an operator's reply yet: the reply was stored (it is in the
   * history) but its request died, and the operator never sends it again. After the restart the reply goes out once,
   * as soon as the killed run is seen to have stopped beating, long before its claim would run out; the operator's
   * repeat of the request later answers with it, delivered.
   */
  @Test
  void aReplyWhoseServiceWasKilledWhileTelegramHeldItIsDeliveredAfterTheRestart() throws Exception {
    Duration claim = Duration.ofMinutes(10);
    try (FakeTelegramBotApi telegram = new FakeTelegramBotApi();
        PackagedApp app = PackagedApp.on(temp, PackagedApp.freePort(), List.of("-Xmx1g"),
            List.of("--openlines.messages.retry-lease=" + claim))) {
      app.start(PackagedApp.START_TIMEOUT);
      OpenLinesHttp http = new OpenLinesHttp(app.baseUrl(), Duration.ofSeconds(30));
      String operatorKey = telegramLine(http, telegram, List.of("op-1"), null).get("op-1");
      assertThat(http.postWithHeader("/webhooks/telegram/tg", "X-Telegram-Bot-Api-Secret-Token", SECRET, update(1)).status())
          .isEqualTo(200);
      String conversationId = await("the client's conversation offered").atMost(IDLE_TIME.plus(MARGIN))
          .until(() -> http.inbox(operatorKey).path("offers").path(0).path("conversationId").asText(null), id -> id != null);
      http.post("/api/conversations/" + conversationId + "/answer", operatorKey, Map.of()).require2xx("answer");

      telegram.holdSends();
      CompletableFuture<OpenLinesHttp.Answer> reply = CompletableFuture.supplyAsync(() -> {
        try {
          return http.reply(operatorKey, conversationId, "Your parcel left today", "reply-1");
        } catch (Exception noAnswer) {
          return null; // the service is killed under it
        }
      });
      await("the reply on its way to Telegram").atMost(MARGIN).until(() -> telegram.heldCalls() == 1);
      app.kill();
      telegram.answerHeld();
      assertThat(reply.get()).as("the operator got no answer").isNull();

      app.start(PackagedApp.START_TIMEOUT);
      await("the reply delivered after the restart, well before its claim runs out").atMost(MARGIN)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> telegram.delivered().stream().anyMatch(s -> s.text().equals("Your parcel left today")));
      await("the history shows it delivered").atMost(MARGIN).until(() ->
          http.messages(operatorKey, conversationId).body().toString().contains("\"delivery\":\"DELIVERED\""));
      OpenLinesHttp.Answer repeat = http.reply(operatorKey, conversationId, "Your parcel left today", "reply-1");
      assertThat(repeat.status()).isEqualTo(201);
      assertThat(repeat.text("delivery")).isEqualTo("DELIVERED");
      assertThat(telegram.delivered()).extracting(FakeTelegramBotApi.Sent::text).containsOnlyOnce("Your parcel left today");
    }
  }

  /**
   * One Telegram line, its connector on the stand-in, its operators online.
   *
   * @param greeting the automatic greeting, or null for none
   * @return the operators' API keys by operator id
   */
  private static Map<String, String> telegramLine(
      OpenLinesHttp http, FakeTelegramBotApi telegram, List<String> operators, String greeting) throws Exception {
    String admin = PackagedApp.ADMIN_KEY;
    for (String op : operators) {
      http.createOperator(admin, op);
    }
    http.createEvenlyChannel(admin, "tg-line", operators, IDLE_TIME, null);
    if (greeting != null) {
      http.put("/api/channels/tg-line/lifecycle-settings", admin, Map.of("automaticActions", Map.of("greeting", greeting)))
          .require2xx("greeting");
    }
    http.post("/api/admin/channels/tg-line/connectors", admin, Map.of("id", "tg", "type", "telegram",
            "telegram", Map.of("botToken", "123456:ABC-fault-suite", "webhookSecret", SECRET, "apiBaseUrl", telegram.baseUrl())))
        .require2xx("telegram connector");
    Map<String, String> keys = new HashMap<>();
    for (String op : operators) {
      keys.put(op, http.createOperatorKey(admin, op));
      http.goOnline(keys.get(op));
    }
    return keys;
  }

  private static String update(int client) {
    long chat = 7_000_000L + client;
    return """
        {"update_id": %d, "message": {"message_id": %d, "from": {"id": %d, "is_bot": false, "first_name": "Client%d"},
         "chat": {"id": %d, "first_name": "Client%d", "type": "private"}, "date": 1764633600, "text": "Hello, I am client %d"}}
        """.formatted(900_000 + client, 10 + client, chat, client, chat, client, client);
  }
}
