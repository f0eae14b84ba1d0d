package dev.openlines.testing;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * The messenger of connector type {@value #TYPE} in tests: records every delivery and fails the
 * next deliveries of a conversation when told to. Tests share it, so they filter by conversation id.
 */
@Component
public class TestMessenger implements ClientMessenger {

  public static final String TYPE = "test";
  private final List<OutboundMessage> delivered = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<DeliveryException>> failures = new ConcurrentHashMap<>();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final Map<String, Hold> holds = new ConcurrentHashMap<>();
  private final Map<String, RuntimeException> breakdowns = new ConcurrentHashMap<>();

  @Override
  public String connectorType() {
    return TYPE;
  }

  @Override
  public void deliver(OutboundMessage message) throws DeliveryException {
    attempts.merge(message.conversationId(), 1, Integer::sum);
    Hold hold = holds.remove(message.conversationId());
    if (hold != null) {
      hold.waitForRelease();
    }
    RuntimeException breakdown = breakdowns.remove(message.conversationId());
    if (breakdown != null) {
      throw breakdown;
    }
    DeliveryException failure = nextFailure(message.conversationId());
    if (failure == null) {
      failure = nextFailure(message.clientId());
    }
    if (failure != null) {
      throw failure;
    }
    delivered.add(message);
  }

  private DeliveryException nextFailure(String key) {
    Deque<DeliveryException> planned = key == null ? null : failures.get(key);
    return planned == null ? null : planned.pollFirst();
  }

  /**
   * The next deliveries to that conversation, or to that client (for a conversation not opened yet),
   * fail with these exceptions, one each, in order.
   */
  public void failNext(String conversationId, DeliveryException... failuresInOrder) {
    failures.computeIfAbsent(conversationId, id -> new java.util.concurrent.ConcurrentLinkedDeque<>()).addAll(List.of(failuresInOrder));
  }

  /** The next delivery to that conversation waits until the hold is released: a messenger slow to answer. */
  public Hold holdNext(String conversationId) {
    Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
    holds.put(conversationId, hold);
    return hold;
  }

  /**
   * The next delivery to that conversation ends in an unexpected error instead of an answer, as when the process
   * dies in the middle of it: the request that sent it fails and nothing records the attempt.
   */
  public void breakNext(String conversationId, RuntimeException error) {
    breakdowns.put(conversationId, error);
  }

  /** A delivery held until the test releases it. */
  public record Hold(CountDownLatch arrived, CountDownLatch released) {

    public boolean awaitArrival(Duration atMost) throws InterruptedException {
      return arrived.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void release() {
      released.countDown();
    }

    void waitForRelease() {
      arrived.countDown();
      try {
        if (!released.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("A held delivery was never released");
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(interrupted);
      }
    }
  }

  public List<OutboundMessage> deliveredTo(String conversationId) {
    return delivered.stream().filter(message -> message.conversationId().equals(conversationId)).toList();
  }

  public int attemptsFor(String conversationId) {
    return attempts.getOrDefault(conversationId, 0);
  }
}
