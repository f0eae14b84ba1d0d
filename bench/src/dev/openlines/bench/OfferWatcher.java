package dev.openlines.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.harness.OpenLinesHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds offers from outside: a few pollers walk the operators' inboxes over and over (each full walk taking at
 * least {@code cycleMs}) and remember, per conversation, the server's {@code offeredAt} and when the offer was first
 * seen here.
 */
final class OfferWatcher implements AutoCloseable {

  record Seen(Instant offeredAt, Instant firstSeen, int operator) {}

  private final OpenLinesHttp http;
  private final List<String> keys;
  private final int pollers;
  private final long cycleMs;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong cycles = new AtomicLong();
  private final AtomicLong cycleNanos = new AtomicLong();
  private volatile boolean running = true;

  OfferWatcher(OpenLinesHttp http, List<String> keys, int pollers, long cycleMs) {
    this.http = http;
    this.keys = keys;
    this.pollers = pollers;
    this.cycleMs = cycleMs;
  }

  void start() {
    for (int p = 0; p < pollers; p++) {
      int poller = p;
      threads.submit(() -> poll(poller));
    }
  }

  private void poll(int poller) {
    while (running) {
      long begin = System.nanoTime();
      for (int i = poller; i < keys.size() && running; i += pollers) {
        try {
          JsonNode inbox = http.inbox(keys.get(i));
          Instant now = Instant.now();
          int operator = i;
          inbox.path("offers").forEach(offer -> seen.putIfAbsent(offer.path("conversationId").asText(),
              new Seen(Instant.parse(offer.path("offeredAt").asText()), now, operator)));
        } catch (Exception e) {
          // a slow or failed poll only delays detection; offeredAt comes from the server either way
        }
      }
      long took = System.nanoTime() - begin;
      cycles.incrementAndGet();
      cycleNanos.addAndGet(took);
      long rest = cycleMs - took / 1_000_000;
      if (rest > 0 && running) {
        Bench.pause(Duration.ofMillis(rest));
      }
    }
  }

  Seen seen(String conversationId) {
    return seen.get(conversationId);
  }

  int offeredCount(Set<String> conversations) {
    return (int) conversations.stream().filter(seen::containsKey).count();
  }

  /** Mean time of one full walk over the inboxes (the detection resolution). */
  double meanCycleMs() {
    long n = cycles.get();
    return n == 0 ? Double.NaN : cycleNanos.get() / 1e6 / n;
  }

  @Override
  public void close() {
    running = false;
    threads.shutdownNow();
  }
}
