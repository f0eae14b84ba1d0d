package dev.openlines.connector.livechat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A browser's EventSource in miniature: opens /livechat/events and collects the stream's lines. */
final class LiveChatClient implements AutoCloseable {

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  LiveChatClient(int port, String token) throws Exception {
    HttpResponse<Stream<String>> response = http
        .sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/livechat/events"))
                .header("X-LiveChat-Token", token)
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(1)).build(),
            HttpResponse.BodyHandlers.ofLines())
        .get(30, TimeUnit.SECONDS);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Event stream answered " + response.statusCode());
    }
    reader = Thread.ofVirtual().start(() -> {
      try (Stream<String> body = response.body()) {
        body.forEach(lines::add);
      } catch (RuntimeException closed) {
        // The test closed the stream.
      }
    });
  }

  /** The {@code data:} lines of {@code message} events received so far. */
  List<String> messageData() {
    return data("message");
  }

  /** The {@code data:} lines of the events of that name received so far. */
  List<String> data(String event) {
    List<String> data = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals("event:" + event)) {
        for (int j = i + 1; j < lines.size() && !lines.get(j).isEmpty(); j++) {
          if (lines.get(j).startsWith("data:")) {
            data.add(lines.get(j).substring("data:".length()));
          }
        }
      }
    }
    return data;
  }

  @Override
  public void close() {
    http.shutdownNow();
    reader.interrupt();
  }
}
