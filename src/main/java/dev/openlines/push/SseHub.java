package dev.openlines.push;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Every open server-sent event stream of this instance, visitors' and operators' alike, by subject (a
 * visitor session, an operator, the supervisors). It enforces the per-subject cap and releases a stream
 * as soon as it is known to be dead: on completion, timeout, error, and on a failed write, which the
 * heartbeat provokes within one interval after a client went away without a word (a closed browser tab
 * sends nothing the server would read, so only a write finds out).
 */
@Component
public class SseHub implements SmartLifecycle {

  private final Map<String, Set<SseEmitter>> open = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> perOwner = new ConcurrentHashMap<>();
  private final Map<SseEmitter, Runnable> releases = new ConcurrentHashMap<>();
  private final AtomicInteger openCount = new AtomicInteger();
  /** When a subject's last stream on this instance ended (kept while it has none). */
  private final Map<String, Instant> lastStreamEndedAt = new ConcurrentHashMap<>();
  private final PushProperties properties;
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sse-heartbeat").factory());
  private volatile boolean running;

  private final Clock clock;

  SseHub(PushProperties properties, MeterRegistry meters, Clock clock) {
    this.clock = clock;
    this.properties = properties;
    Gauge.builder("openlines.event.streams.open", openCount, AtomicInteger::get)
        .description("Server-sent event streams open on this instance")
        .register(meters);
  }

  /** Opens a stream that receives what is sent to the subject, capped per subject. */
  public SseEmitter open(String subject, long timeoutMillis) {
    return open(subject, List.of(subject), timeoutMillis);
  }

  /**
   * Opens a stream that receives what is sent to any of {@code listensTo}.
   *
   * @param owner whose streams count against the cap (a visitor session, an API key)
   * @throws TooManyStreamsException when the owner already has the maximum number of streams open
   */
  public SseEmitter open(String owner, List<String> listensTo, long timeoutMillis) {
    SseEmitter emitter = newEmitter(timeoutMillis);
    AtomicInteger owned = perOwner.computeIfAbsent(owner, o -> new AtomicInteger());
    if (owned.incrementAndGet() > properties.maxStreamsPerSubject()) {
      owned.decrementAndGet();
      throw new TooManyStreamsException("This session already has " + properties.maxStreamsPerSubject()
          + " event streams open, the most allowed: close one (a closed one is noticed within "
          + properties.heartbeat().toSeconds() + " s)");
    }
    openCount.incrementAndGet();
    for (String subject : listensTo) {
      open.computeIfAbsent(subject, s -> ConcurrentHashMap.newKeySet()).add(emitter);
      lastStreamEndedAt.remove(subject);
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        openCount.decrementAndGet();
        owned.decrementAndGet();
        perOwner.computeIfPresent(owner, (o, count) -> count.get() <= 0 ? null : count);
        for (String subject : listensTo) {
          open.computeIfPresent(subject, (s, set) -> {
            set.remove(emitter);
            if (set.isEmpty()) {
              lastStreamEndedAt.put(subject, clock.instant());
            }
            return set.isEmpty() ? null : set;
          });
        }
      }
    };
    releases.put(emitter, release);
    emitter.onCompletion(() -> forget(emitter));
    emitter.onTimeout(() -> forget(emitter));
    emitter.onError(error -> forget(emitter));
    return emitter;
  }

  SseEmitter newEmitter(long timeoutMillis) {
    return new SseEmitter(timeoutMillis);
  }

  /**
   * Sends to one stream; a failed write ends and releases that stream. Never throws: the sender is an
   * offer job or an operator's request, which must not fail because a browser went away (the event is in
   * the log, and the browser gets it when it reconnects).
   */
  public boolean send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
    try {
      synchronized (emitter) {
        emitter.send(event);
      }
      return true;
    } catch (IOException | IllegalStateException gone) {
      forget(emitter);
      try {
        emitter.completeWithError(gone);
      } catch (RuntimeException alreadyFailed) {
        // The container had already ended the request (its async context errored): nothing left to end.
      }
      return false;
    }
  }

  /** Sends to every open stream of the subject; true when at least one took it. */
  public boolean sendToAll(String subject, SseEmitter.SseEventBuilder event) {
    boolean sent = false;
    for (SseEmitter emitter : streamsOf(subject)) {
      sent |= send(emitter, event);
    }
    return sent;
  }

  public List<SseEmitter> streamsOf(String subject) {
    Set<SseEmitter> emitters = open.get(subject);
    return emitters == null ? List.of() : List.copyOf(emitters);
  }

  /**
   * Since when the subject has had no open stream on this instance: empty while one is open, or when
   * none was ever opened here (since this instance started).
   */
  public Optional<Instant> withoutStreamSince(String subject) {
    return open.containsKey(subject) ? Optional.empty() : Optional.ofNullable(lastStreamEndedAt.get(subject));
  }

  /** Whether the subject has an open stream on this instance. */
  public boolean hasStream(String subject) {
    return open.containsKey(subject);
  }

  /** Streams open on this instance, for tests and the gauge. */
  public int openStreams() {
    return openCount.get();
  }

  private void forget(SseEmitter emitter) {
    Runnable release = releases.remove(emitter);
    if (release != null) {
      release.run();
    }
  }

  /** Writes a comment line to every stream: cheap for the browser, and a dead connection fails the write. */
  void heartbeat() {
    open.values().forEach(emitters -> List.copyOf(emitters).forEach(emitter -> send(emitter, SseEmitter.event().comment("hb"))));
  }

  @Override
  public void start() {
    long every = properties.heartbeat().toMillis();
    heartbeats.scheduleWithFixedDelay(this::heartbeatSafely, every, every, TimeUnit.MILLISECONDS);
    running = true;
  }

  private void heartbeatSafely() {
    try {
      heartbeat();
    } catch (RuntimeException unexpected) {
      // Never let one bad stream stop the heartbeat for all others.
    }
  }

  /**
   * Ends open streams before the web server's graceful shutdown, which would otherwise wait for these
   * never-ending requests; browsers reconnect to another instance.
   */
  @Override
  public void stop() {
    running = false;
    heartbeats.shutdownNow();
    List.copyOf(releases.keySet()).forEach(emitter -> {
      forget(emitter);
      emitter.complete();
    });
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stopped first: the graceful web-server shutdown has a lower phase. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
