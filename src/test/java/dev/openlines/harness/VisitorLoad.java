package dev.openlines.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live-chat visitors writing to a server that may be killed under them. Message n goes, at time n / rate, to
 * visitor n mod visitors, who sends their messages in order, each with its own client message id. A message
 * without an answer (connection refused or reset, 5xx) is sent again with the same id once the server is back,
 * as the live-chat page does, so a message the server stored but could not acknowledge must not be stored twice.
 */
final class VisitorLoad implements AutoCloseable {

  private final OpenLinesHttp http;
  private final String connectorId;
  private final int visitors;
  private final int messages;
  private final double rate;
  private final List<String> tokens = new ArrayList<>();
  private final List<BlockingQueue<Integer>> queues = new ArrayList<>();
  private final Map<String, Instant> acknowledged = new ConcurrentHashMap<>();
  private final Set<String> rejected = ConcurrentHashMap.newKeySet();
  private final Set<String> conversationIds = ConcurrentHashMap.newKeySet();
  private final List<Instant> killTimes = new CopyOnWriteArrayList<>();
  /** Counted down when the server is (back) up; replaced by a fresh one just before a kill. */
  private final AtomicReference<CountDownLatch> serverUp = new AtomicReference<>(new CountDownLatch(0));
  private final ScheduledExecutorService dispatcher = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService visitorThreads = Executors.newVirtualThreadPerTaskExecutor();

  VisitorLoad(OpenLinesHttp http, String connectorId, int visitors, int messages, double rate) {
    this.http = http;
    this.connectorId = connectorId;
    this.visitors = visitors;
    this.messages = messages;
    this.rate = rate;
  }

  /** Each visitor opens the live chat (before any kill: a lost session is counted as rejected messages). */
  void startSessions() throws IOException, InterruptedException {
    for (int v = 0; v < visitors; v++) {
      tokens.add(http.startChat(connectorId, "Visitor " + v).require2xx("start chat").text("token"));
      queues.add(new LinkedBlockingQueue<>());
    }
  }

  void start() {
    for (int v = 0; v < visitors; v++) {
      int visitor = v;
      visitorThreads.submit(() -> writeAs(visitor));
    }
    long intervalNanos = (long) (1e9 / rate);
    for (int n = 0; n < messages; n++) {
      int message = n;
      dispatcher.schedule(() -> queues.get(message % visitors).add(message), message * intervalNanos, TimeUnit.NANOSECONDS);
    }
  }

  private Void writeAs(int visitor) throws InterruptedException {
    int mine = messages / visitors + (visitor < messages % visitors ? 1 : 0);
    for (int i = 0; i < mine; i++) {
      int message = queues.get(visitor).take();
      String clientMessageId = "v" + visitor + "-m" + message;
      deliver(visitor, clientMessageId, "Message " + message + " from visitor " + visitor);
    }
    return null;
  }

  private void deliver(int visitor, String clientMessageId, String text) throws InterruptedException {
    while (true) {
      try {
        OpenLinesHttp.Answer answer = http.sendAsVisitor(tokens.get(visitor), clientMessageId, text);
        if (answer.ok()) {
          acknowledged.put(clientMessageId, Instant.now());
          conversationIds.add(answer.text("conversationId"));
          return;
        }
        if (answer.status() / 100 == 4) {
          rejected.add(clientMessageId + " (" + answer.status() + " " + answer.body() + ")");
          return;
        }
        // 5xx: not acknowledged; try again when the server restarted, or in a moment
        serverUp.get().await(500, TimeUnit.MILLISECONDS);
      } catch (IOException noAnswer) {
        // killed under us: not acknowledged; send the same message again once it is back
        serverUp.get().await(1, TimeUnit.SECONDS);
      }
    }
  }

  void awaitAcknowledged(int count, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(5)).until(() -> acknowledged.size() >= count);
  }

  /** Runs the kill; visitors whose requests fail from now on wait for {@link #restarted()}. */
  void killed(Runnable kill) {
    serverUp.set(new CountDownLatch(1));
    killTimes.add(Instant.now());
    kill.run();
  }

  void restarted() {
    serverUp.get().countDown();
  }

  void awaitAllAnswered(Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(200))
        .until(() -> acknowledged.size() + rejected.size() >= messages);
  }

  int messageCount() {
    return messages;
  }

  /** Client message id -> when its 2xx arrived. */
  Map<String, Instant> acknowledged() {
    return acknowledged;
  }

  Set<String> rejected() {
    return rejected;
  }

  Set<String> conversationIds() {
    return conversationIds;
  }

  List<Instant> killTimes() {
    return killTimes;
  }

  @Override
  public void close() {
    dispatcher.shutdownNow();
    visitorThreads.shutdownNow();
  }
}
