package dev.openlines.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local HTTP server standing in for a messenger's API in tests: records every call (method, path,
 * query, authorization header, JSON body) and answers with a scripted answer, or the default one
 * computed from the call.
 */
public final class ProviderStandIn implements AutoCloseable {

  public record Call(String method, String path, String query, String authorization, Map<String, String> headers, JsonNode body) {}

  public record Answer(int status, Map<String, String> headers, String body) {
    public static Answer json(int status, String body) {
      return new Answer(status, Map.of(), body);
    }
  }

  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Queue<Answer> scripted = new ConcurrentLinkedQueue<>();
  private final Function<Call, Answer> defaultAnswer;

  public ProviderStandIn(Function<Call, Answer> defaultAnswer) throws IOException {
    this.defaultAnswer = defaultAnswer;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A JSON text as a tree, to compare with a call's body whatever the order of its fields. */
  public static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("Not JSON: " + text, e);
    }
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The next call gets this answer instead of the default one. */
  public void answerNext(Answer answer) {
    scripted.add(answer);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? null : json.readTree(raw);
      Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
      Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getRequestURI().getQuery(),
          exchange.getRequestHeaders().getFirst("Authorization"), headers, body);
      calls.add(call);
      Answer answer = scripted.poll();
      if (answer == null) {
        answer = defaultAnswer.apply(call);
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
