package dev.openlines.bot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server standing in for a chat bot service's webhook: records every call with its headers
 * and exact body, and answers 200 unless a test scripted another status.
 */
public final class FakeBotWebhook implements AutoCloseable {

  public record Call(String method, String path, String contentType, String event, String delivery, String signature, String body,
      String webhookId, String webhookTimestamp, String webhookSignature) {}

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Queue<Integer> scripted = new ConcurrentLinkedQueue<>();

  public FakeBotWebhook() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/openlines/events");
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls about one conversation, oldest first. */
  public List<Call> callsAbout(String conversationId) {
    return calls.stream().filter(c -> c.body().contains("\"conversationId\":\"" + conversationId + "\"")).toList();
  }

  /** The next calls get these statuses, in order, instead of 200. */
  void answerNext(Integer... statuses) {
    scripted.addAll(List.of(statuses));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var headers = exchange.getRequestHeaders();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers.getFirst("Content-Type"),
          headers.getFirst("X-OpenLines-Event"), headers.getFirst("X-OpenLines-Delivery"),
          headers.getFirst("X-OpenLines-Signature"), body, headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
          headers.getFirst("webhook-signature")));
      Integer status = scripted.poll();
      exchange.sendResponseHeaders(status == null ? 200 : status, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
