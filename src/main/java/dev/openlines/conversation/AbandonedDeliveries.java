package dev.openlines.conversation;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finds operators' messages whose request died between storing and delivering them (the service was killed while
 * the messenger had not answered yet) and queues them for the background retry, so the history never shows a reply
 * the client does not get. They are found by their {@link DeliveryClaims claim}: run out, or of a run that stopped
 * beating ({@link ServiceRuns}); what the request still delivered or queued before it died is left alone.
 */
@Component
public class AbandonedDeliveries {

  private static final Logger log = LoggerFactory.getLogger(AbandonedDeliveries.class);
  private static final int BATCH = 100;

  private final DeliveryClaims claims;
  private final ConversationMessageStore messages;
  private final OutboundQueue queue;
  private final MessageDeliveryProperties properties;
  private final Clock clock;

  public AbandonedDeliveries(
      DeliveryClaims claims, ConversationMessageStore messages, OutboundQueue queue, MessageDeliveryProperties properties,
      Clock clock) {
    this.claims = claims;
    this.messages = messages;
    this.queue = queue;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${openlines.messages.retry-poll-interval:PT1S}")
  public void queueAbandoned() {
    Instant now = clock.instant();
    for (DeliveryClaims.Claim claim : claims.abandoned(now, BATCH)) {
      if (!claims.takeOver(claim, now.plus(properties.retryLease()))) {
        continue; // another run's sweep has it
      }
      DeliveryStatus delivery = messages.forDelivery(claim.messageId()).map(ConversationMessage::getDelivery).orElse(null);
      boolean undelivered = delivery != null && delivery != DeliveryStatus.DELIVERED && delivery != DeliveryStatus.REFUSED;
      if (undelivered && !queue.holds(claim.conversationId(), claim.messageId())) {
        log.info("Message {} of conversation {} was stored but its request ended before delivering it: queued for delivery",
            claim.messageId(), claim.conversationId());
        queue.append(claim.conversationId(), claim.messageId(), now, 0);
      }
      claims.release(claim.messageId());
    }
  }
}
