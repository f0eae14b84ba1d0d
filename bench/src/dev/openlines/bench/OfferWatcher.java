package dev.openlines.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.harness.OpenLinesHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Finds offers from outside the way the operator console does: every operator holds its event stream
 * ({@code POST /api/operator/stream-tickets}, then {@code GET /api/operator/events?ticket=}) and each
 * {@code offer} event is remembered with the server's {@code offeredAt} and when it arrived here. Polling
 * 200 inboxes a second instead was most of the server's load, which no real console causes.
 */
final class OfferWatcher implements AutoCloseable {

  record Seen(Instant offeredAt, Instant firstSeen, int operator) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenLinesHttp http;
  private final String baseUrl;
  private final List<String> keys;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile boolean running = true;

  OfferWatcher(OpenLinesHttp http, String baseUrl, List<String> keys) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.keys = keys;
  }

  /** Opens every operator's stream and returns once all are open (or after a minute). */
  void start() throws InterruptedException {
    CountDownLatch open = new CountDownLatch(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      int operator = i;
      threads.submit(() -> follow(operator, open));
    }
    if (!open.await(60, TimeUnit.SECONDS)) {
      System.out.printf("  %d of %d operator streams not open after 60 s%n", open.getCount(), keys.size());
    }
  }

  private void follow(int operator, CountDownLatch open) {
    boolean counted = false;
    String lastEventId = null;
    while (running) {
      try {
        String ticket = http.post("/api/operator/stream-tickets", keys.get(operator), Map.of()).require2xx("stream ticket").text("ticket");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/operator/events?ticket=" + ticket))
            .header("Accept", "text/event-stream");
        if (lastEventId != null) {
          request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (!counted) {
          open.countDown();
          counted = true;
        }
        String event = null;
        try (Stream<String> lines = response.body()) {
          for (String line : (Iterable<String>) lines::iterator) {
            if (!running) {
              break;
            }
            if (line.startsWith("id:")) {
              lastEventId = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
              event = line.substring(6).trim();
            } else if (line.startsWith("data:") && "offer".equals(event)) {
              JsonNode offer = JSON.readTree(line.substring(5).trim());
              seen.putIfAbsent(offer.path("conversationId").asText(),
                  new Seen(Instant.parse(offer.path("offeredAt").asText()), Instant.now(), operator));
            } else if (line.isEmpty()) {
              event = null;
            }
          }
        }
      } catch (Exception e) {
        if (running) {
          reconnects.incrementAndGet();
          Bench.pause(Duration.ofMillis(200));
        }
      }
    }
  }

  Seen seen(String conversationId) {
    return seen.get(conversationId);
  }

  /** When each offer first seen at or after {@code since} arrived, by conversation. */
  Map<String, Instant> firstSeenSince(Instant since) {
    Map<String, Instant> found = new java.util.HashMap<>();
    seen.forEach((conversation, s) -> {
      if (!s.firstSeen().isBefore(since)) {
        found.put(conversation, s.firstSeen());
      }
    });
    return found;
  }

  int offeredCount(Set<String> conversations) {
    return (int) conversations.stream().filter(seen::containsKey).count();
  }

  /** Stream reconnections (a stream ended or failed and was reopened with Last-Event-ID). */
  long reconnects() {
    return reconnects.get();
  }

  @Override
  public void close() {
    running = false;
    threads.shutdownNow();
  }
}
