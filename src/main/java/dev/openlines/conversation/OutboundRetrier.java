package dev.openlines.conversation;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.DeliveryException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers the queued messages of {@link OutboundQueue} in the background: every poll it claims the
 * conversations whose first undelivered message is due and tries their messages in order. A temporary
 * failure waits with doubling backoff (or the messenger's own retry_after) before the next try; a
 * permanent one is REFUSED and the next message goes. Each message carries its id to the messenger,
 * which skips what the client already got, so a message is delivered once even when a job redelivery
 * and this retry try it at the same time. An operator's edit or deletion waits in the same queue
 * ({@link MessageChanges}).
 */
@Component
public class OutboundRetrier {

  private static final Logger log = LoggerFactory.getLogger(OutboundRetrier.class);
  private static final int BATCH = 100;
  static final String WITHDRAWN = "deleted by the operator before it went out";

  private final OutboundQueue queue;
  private final ConversationMessageStore messages;
  private final ConversationAddresses addresses;
  private final ClientMessengers messengers;
  private final MessageSendingService sending;
  private final MessageChanges changes;
  private final MessageDeliveryProperties properties;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  public OutboundRetrier(
      OutboundQueue queue, ConversationMessageStore messages, ConversationAddresses addresses, ClientMessengers messengers,
      MessageSendingService sending, MessageChanges changes, MessageDeliveryProperties properties, Clock clock,
      MeterRegistry meters, ApplicationEventPublisher events) {
    this.events = events;
    this.changes = changes;
    this.queue = queue;
    this.messages = messages;
    this.addresses = addresses;
    this.messengers = messengers;
    this.sending = sending;
    this.properties = properties;
    this.clock = clock;
    Gauge.builder("openlines.messages.undelivered", queue, OutboundQueue::undelivered)
        .description("Outgoing messages waiting for their messenger (queued for retry)")
        .register(meters);
  }

  @Scheduled(fixedDelayString = "${openlines.messages.retry-poll-interval:PT1S}")
  public void retryDue() {
    // One failing try per connector and poll: the others of that connector stay due for the next
    // poll instead of each waiting out the same timeout.
    Set<String> unreachable = new HashSet<>();
    for (OutboundQueue.Waiting due : queue.due(clock.instant(), BATCH)) {
      String connector = addresses.find(due.conversationId())
          .map(address -> address.getConnectorType() + "/" + address.getConnectorId()).orElse("");
      if (unreachable.contains(connector) || !queue.claim(due, lease())) {
        continue;
      }
      try {
        DeliveryException failure = drain(due.conversationId());
        if (failure != null && !failure.retryAfter().isPositive()) {
          unreachable.add(connector); // a 429 concerns one chat only
        }
      } catch (RuntimeException unexpected) {
        // The store or a messenger bug: the lease runs out and a later poll tries again.
        log.error("Retrying the messages of conversation {} failed", due.conversationId(), unexpected);
      }
    }
  }

  /**
   * Delivers the conversation's queued messages in order until one fails for now or none is left.
   *
   * @return the failure that stopped it for now; null when none is left
   */
  private DeliveryException drain(String conversationId) {
    Optional<OutboundQueue.Waiting> head;
    while ((head = queue.head(conversationId)).isPresent()) {
      String messageId = head.get().messageIds().getFirst();
      DeliveryException failure = tryOnce(conversationId, messageId, head.get().attempts());
      if (failure != null) {
        return failure;
      }
      queue.remove(conversationId, messageId, lease());
    }
    return null;
  }

  /** @return null when the message is done with (delivered or refused), else the failure it waits out */
  private DeliveryException tryOnce(String conversationId, String messageId, int failuresSoFar) {
    if (MessageChanges.isQueuedChange(messageId)) {
      return changes.retry(conversationId, messageId, failuresSoFar);
    }
    ConversationMessage message = messages.forDelivery(messageId).orElse(null);
    Conversation address = addresses.find(conversationId).orElse(null);
    if (message == null || message.getDelivery() == DeliveryStatus.DELIVERED || message.getDelivery() == DeliveryStatus.REFUSED) {
      return null;
    }
    if (message.getDeletedAt() != null) {
      // Deleted while it waited: the client must not get it (a delete passed on afterwards would come too late for
      // the notification on the client's phone).
      messages.markWithdrawn(messageId, WITHDRAWN);
      settled(conversationId, messageId, DeliveryStatus.NOT_SENT, WITHDRAWN);
      return null;
    }
    ClientMessenger messenger = address == null ? null : messengers.forType(address.getConnectorType()).orElse(null);
    if (messenger == null) {
      messages.markRefused(messageId, "no messenger serves this conversation's connector any more");
      return null;
    }
    var attempt = sending.attempt(messenger, address, message);
    if (attempt.outcome() != DeliveryStatus.RETRYING) {
      settled(conversationId, messageId, attempt.outcome(), attempt.failure() == null ? null : attempt.failure().getMessage());
      return null;
    }
    Instant now = clock.instant();
    if (message.getCreatedAt() != null && now.isAfter(message.getCreatedAt().plus(properties.giveUpAfter()))) {
      String reason = "not delivered within " + properties.giveUpAfter() + ": " + attempt.failure().getMessage();
      messages.markRefused(messageId, reason);
      sending.recordFailure(conversationId, messageId, reason, true);
      settled(conversationId, messageId, DeliveryStatus.REFUSED, reason);
      return null;
    }
    int failures = failuresSoFar + 1;
    Instant next = now.plus(properties.backoff(failures, attempt.failure().retryAfter()));
    messages.markRetrying(messageId, attempt.failure().getMessage(), next);
    queue.retryLater(conversationId, next, failures);
    return attempt.failure();
  }

  /** The operators who watch the conversation see a message that waited go out, or fail for good. */
  private void settled(String conversationId, String messageId, DeliveryStatus outcome, String error) {
    events.publishEvent(new ConversationEvent.Delivery(conversationId, messageId, outcome.name(), error));
  }

  private Instant lease() {
    return clock.instant().plus(properties.retryLease());
  }
}
