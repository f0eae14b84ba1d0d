package dev.openlines.connector.telegram;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP server that speaks the Bot API request format ({@code POST /bot<token>/<method>} with
 * a JSON body, or multipart/form-data for uploads: a file part becomes an {@link Upload} in the call's body) and answers like Telegram: {@code {"ok":true,"result":{...}}} by default, or a
 * scripted error such as 429 with {@code parameters.retry_after} or 403 "bot was blocked by the user".
 */
final class FakeTelegramBotApi implements AutoCloseable {

  record Call(String token, String method, Map<String, Object> body) {}

  /** A file uploaded in a multipart call. */
  record Upload(String fileName, String contentType, byte[] content) {}

  private record Scripted(int status, String body) {}

  private static final Pattern PATH = Pattern.compile("/bot([^/]+)/([A-Za-z]+)");
  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Call> accepted = new CopyOnWriteArrayList<>();
  private final Queue<Scripted> scripted = new ConcurrentLinkedQueue<>();
  private final AtomicLong nextMessageId = new AtomicLong(100);
  private volatile boolean down;
  private final java.util.Set<String> blockedChats = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger droppedCalls = new java.util.concurrent.atomic.AtomicInteger();

  FakeTelegramBotApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The texts Telegram accepted for that chat, in the order it accepted them. */
  List<String> acceptedTexts(String chatId) {
    return accepted.stream().filter(call -> chatId.equals(String.valueOf(call.body().get("chat_id"))))
        .map(call -> String.valueOf(call.body().get("text"))).toList();
  }

  private final Map<String, List<Long>> sentIds = new java.util.concurrent.ConcurrentHashMap<>();

  /** The message_ids given to the messages sent to that chat, in order. */
  List<Long> sentMessageIds(String chatId) {
    return List.copyOf(sentIds.getOrDefault(chatId, List.of()));
  }

  /** The calls Telegram accepted, in order, of that method. */
  List<Call> accepted(String method) {
    return accepted.stream().filter(call -> method.equals(call.method())).toList();
  }

  /** Calls that reached the server for that chat, answered or not. */
  long callsFor(String chatId) {
    return calls.stream().filter(call -> chatId.equals(String.valueOf(call.body().get("chat_id")))).count();
  }

  /** While down, every call's connection is dropped without an answer: an I/O error for the caller. */
  void down() {
    down = true;
  }

  void up() {
    down = false;
  }

  /** Calls dropped while down. */
  int droppedCalls() {
    return droppedCalls.get();
  }

  /** Every call for this chat gets 403 "bot was blocked by the user", as Telegram answers. */
  void blockedBy(String chatId) {
    blockedChats.add(chatId);
  }

  private final Map<String, Queue<Scripted>> scriptedForChat = new java.util.concurrent.ConcurrentHashMap<>();

  /** The next call for that chat gets this answer instead of success. */
  void answerNextFor(String chatId, int status, String body) {
    scriptedForChat.computeIfAbsent(chatId, id -> new ConcurrentLinkedQueue<>()).add(new Scripted(status, body));
  }

  /** The next call gets this answer instead of success. */
  void answerNext(int status, String body) {
    scripted.add(new Scripted(status, body));
  }

  @SuppressWarnings("unchecked")
  private void handle(HttpExchange exchange) throws IOException {
    if (down) {
      droppedCalls.incrementAndGet();
      exchange.close(); // no status line: the caller's read fails
      return;
    }
    try (exchange) {
      Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      boolean multipart = contentType != null && contentType.startsWith("multipart/form-data");
      if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()
          || contentType == null || !(contentType.startsWith("application/json") || multipart)) {
        respond(exchange, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
        return;
      }
      Map<String, Object> body = multipart
          ? form(exchange.getRequestBody().readAllBytes(), contentType)
          : json.readValue(exchange.getRequestBody(), Map.class);
      calls.add(new Call(path.group(1), path.group(2), body));
      if (blockedChats.contains(String.valueOf(body.get("chat_id")))) {
        respond(exchange, 403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}");
        return;
      }
      Queue<Scripted> forChat = scriptedForChat.get(String.valueOf(body.get("chat_id")));
      Scripted answer = forChat != null && !forChat.isEmpty() ? forChat.poll() : scripted.poll();
      if (answer != null) {
        respond(exchange, answer.status(), answer.body());
        return;
      }
      String method = path.group(2);
      if ("answerCallbackQuery".equals(method)) {
        if (body.get("callback_query_id") == null) {
          respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: query is too old or query ID is invalid\"}");
          return;
        }
        accepted.add(new Call(path.group(1), method, body));
        respond(exchange, 200, "{\"ok\":true,\"result\":true}");
        return;
      }
      if (body.get("chat_id") == null) {
        respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat_id is empty\"}");
        return;
      }
      if (method.startsWith("edit") || method.equals("deleteMessage")) {
        // Telegram answers edits with the edited Message and deletions with true; callers read neither.
        accepted.add(new Call(path.group(1), method, body));
        respond(exchange, 200, "{\"ok\":true,\"result\":true}");
        return;
      }
      long messageId = nextMessageId.incrementAndGet();
      sentIds.computeIfAbsent(String.valueOf(body.get("chat_id")), chat -> new CopyOnWriteArrayList<>()).add(messageId);
      accepted.add(new Call(path.group(1), path.group(2), body));
      respond(exchange, 200, json.writeValueAsString(Map.of("ok", true, "result", Map.of(
          "message_id", messageId,
          "chat", Map.of("id", Long.parseLong(String.valueOf(body.get("chat_id"))), "type", "private"),
          "date", 1_700_000_000))));
    }
  }

  /** A multipart/form-data body: text fields as strings, file parts as {@link Upload}s. */
  private static Map<String, Object> form(byte[] raw, String contentType) throws IOException {
    try {
      var parts = new jakarta.mail.internet.MimeMultipart(new jakarta.mail.util.ByteArrayDataSource(raw, contentType));
      Map<String, Object> body = new java.util.LinkedHashMap<>();
      for (int i = 0; i < parts.getCount(); i++) {
        var part = (jakarta.mail.internet.MimeBodyPart) parts.getBodyPart(i);
        String disposition = part.getHeader("Content-Disposition", null);
        String name = new jakarta.mail.internet.ContentDisposition(disposition).getParameter("name");
        byte[] content = part.getInputStream().readAllBytes();
        body.put(name, part.getFileName() == null
            ? new String(content, StandardCharsets.UTF_8)
            : new Upload(part.getFileName(), part.getContentType(), content));
      }
      return body;
    } catch (jakarta.mail.MessagingException unreadable) {
      throw new IOException("Not a multipart body", unreadable);
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
