package dev.openlines.testing;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  @Override
  public String connectorType() {
    return TYPE;
  }

  @Override
  public void deliver(OutboundMessage message) throws DeliveryException {
    attempts.merge(message.conversationId(), 1, Integer::sum);
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

  public List<OutboundMessage> deliveredTo(String conversationId) {
    return delivered.stream().filter(message -> message.conversationId().equals(conversationId)).toList();
  }

  public int attemptsFor(String conversationId) {
    return attempts.getOrDefault(conversationId, 0);
  }
}
