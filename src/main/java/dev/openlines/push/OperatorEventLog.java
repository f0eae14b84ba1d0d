package dev.openlines.push;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The last events of every recipient (an operator, or all supervisors), so a console that reconnects with
 * {@code Last-Event-ID} gets what it missed. Kept in memory, bounded per recipient: the events are
 * notifications about state the task-list API holds durably, a reconnect after a network blip is the case
 * to cover, and writing every typing preview to the store would cost more than the whole hot path. An id
 * from before a restart (another run prefix) or older than what is kept answers with a {@code reset}, after
 * which the console reloads its inbox from the API, so nothing is lost either way.
 */
@Component
public class OperatorEventLog {

  /** @param id {@code <run>-<sequence>}, the SSE id */
  public record Entry(String id, long sequence, String type, Object data) {}

  /** What a reconnecting stream gets: the missed entries, or "reload" when they are no longer all kept. */
  public record Replay(List<Entry> entries, boolean reset) {}

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Deque<Entry>> byRecipient = new ConcurrentHashMap<>();
  private final int capacity;

  OperatorEventLog(PushProperties properties) {
    this.capacity = properties.eventLogSize();
  }

  public Entry append(String recipient, String type, Object data) {
    long next = sequence.incrementAndGet();
    Entry entry = new Entry(run + "-" + next, next, type, data);
    Deque<Entry> log = byRecipient.computeIfAbsent(recipient, r -> new ArrayDeque<>());
    synchronized (log) {
      log.addLast(entry);
      while (log.size() > capacity) {
        log.removeFirst();
      }
    }
    return entry;
  }

  /** The entries after {@code lastEventId}, oldest first. */
  public Replay after(String recipient, String lastEventId) {
    Optional<Long> last = sequenceOf(lastEventId);
    if (last.isEmpty()) {
      return new Replay(List.of(), true);
    }
    Deque<Entry> log = byRecipient.get(recipient);
    if (log == null) {
      return new Replay(List.of(), last.get() > 0 && sequence.get() < last.get());
    }
    synchronized (log) {
      List<Entry> missed = new ArrayList<>();
      boolean complete = log.isEmpty() || log.peekFirst().sequence() <= last.get() + 1;
      for (Entry entry : log) {
        if (entry.sequence() > last.get()) {
          missed.add(entry);
        }
      }
      return new Replay(missed, !complete);
    }
  }

  /** Ids from another run (before a restart) or garbage have no place in this run's sequence. */
  private Optional<Long> sequenceOf(String eventId) {
    if (eventId == null || !eventId.startsWith(run + "-")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(eventId.substring(run.length() + 1)));
    } catch (NumberFormatException garbage) {
      return Optional.empty();
    }
  }
}
