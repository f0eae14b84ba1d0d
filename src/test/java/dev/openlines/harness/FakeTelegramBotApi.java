package dev.openlines.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Telegram's Bot API that can be switched down (every call answers 502 Bad Gateway, as a
 * proxy in front of an unreachable Telegram would) and up again, or made to hold {@code sendMessage} calls without an
 * answer (a Telegram that hangs). While up, {@code sendMessage} answers like Telegram and is recorded, so a test can
 * count what each chat received; a held call is not recorded, its caller never learnt it went out.
 */
public final class FakeTelegramBotApi implements AutoCloseable {

  /** One delivered {@code sendMessage}. */
  public record Sent(String chatId, String text) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<Sent> delivered = new CopyOnWriteArrayList<>();
  private final AtomicInteger refusedCalls = new AtomicInteger();
  private final AtomicInteger messageIds = new AtomicInteger(1000);
  private final AtomicInteger heldCalls = new AtomicInteger();
  private volatile boolean up = true;
  private volatile CountDownLatch hold;

  public FakeTelegramBotApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool()); // a held call must not hold up the others
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void down() {
    up = false;
  }

  public void up() {
    up = true;
  }

  /** From now on {@code sendMessage} calls get no answer until {@link #answerHeld()}. */
  public void holdSends() {
    hold = new CountDownLatch(1);
  }

  /** Held calls answer 502 (their caller may be gone by then); later calls are answered again. */
  public void answerHeld() {
    CountDownLatch held = hold;
    hold = null;
    if (held != null) {
      held.countDown();
    }
  }

  /** {@code sendMessage} calls that arrived while sends were held. */
  public int heldCalls() {
    return heldCalls.get();
  }

  public List<Sent> delivered() {
    return delivered;
  }

  /** Calls answered with 502 while down. */
  public int refusedCalls() {
    return refusedCalls.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!up) {
        refusedCalls.incrementAndGet();
        reply(exchange, 502, "{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}");
        return;
      }
      CountDownLatch held = hold;
      if (held != null && exchange.getRequestURI().getPath().endsWith("/sendMessage")) {
        heldCalls.incrementAndGet();
        awaitQuietly(held);
        reply(exchange, 502, "{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}");
        return;
      }
      if (exchange.getRequestURI().getPath().endsWith("/sendMessage")) {
        JsonNode request = JSON.readTree(body);
        delivered.add(new Sent(request.path("chat_id").asText(), request.path("text").asText()));
      }
      reply(exchange, 200, "{\"ok\":true,\"result\":{\"message_id\":" + messageIds.incrementAndGet() + "}}");
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    answerHeld();
    server.stop(0);
  }
}
