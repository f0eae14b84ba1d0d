package dev.openlines.workflow.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param clientMessageTtl how long the engine buffers a {@code client-message} that no process
 *     instance waits for yet (a conversation whose process is still starting); also the window in
 *     which the engine drops a republished message with the same id
 * @param relay how the outbox relay delivers process commands to the engine
 * @param admission when new conversations are refused because intake runs ahead of routing
 */
@ConfigurationProperties("openlines.ingestion")
public record IngestionProperties(
    @DefaultValue("PT1M") Duration clientMessageTtl, @DefaultValue Relay relay, @DefaultValue Admission admission) {

  /**
   * @param maxOutboxDepth above this many process commands waiting for the engine, a message that
   *     would open a new conversation gets 503; 0 switches the check off
   * @param maxNewConversations above this many conversations still NEW (opened, not yet through the
   *     process to routing; clients held until their channel opens are not counted), the same; 0 switches
   *     the check off
   * @param maxRouteWait how long a new conversation should wait at most to be routed: above as many NEW
   *     conversations as the service routes in this time at its recent rate, new chats are refused;
   *     {@code PT0S} switches the check off
   * @param minNewConversationsAllowed however slow the measured rate (a service not yet seen busy, or one
   *     whose routing stopped), this many NEW conversations may wait before the route-wait check refuses
   * @param retryAfter what the 503 answer tells the caller to wait
   * @param checkInterval how long one measurement of the counts is used before it is taken again
   */
  public record Admission(
      @DefaultValue("2000") long maxOutboxDepth,
      @DefaultValue("2000") long maxNewConversations,
      @DefaultValue("PT15S") Duration maxRouteWait,
      @DefaultValue("100") long minNewConversationsAllowed,
      @DefaultValue("PT5S") Duration retryAfter,
      @DefaultValue("PT1S") Duration checkInterval) {

    public Admission {
      if (maxRouteWait.isNegative() || (!maxRouteWait.isZero() && maxRouteWait.compareTo(Duration.ofSeconds(1)) < 0)) {
        throw new IllegalArgumentException(
            "openlines.ingestion.admission.max-route-wait must be PT0S (off) or at least PT1S, was " + maxRouteWait);
      }
      if (minNewConversationsAllowed < 1) {
        throw new IllegalArgumentException(
            "openlines.ingestion.admission.min-new-conversations-allowed must be 1 or more, was " + minNewConversationsAllowed);
      }
    }
  }

  /**
   * @param pollInterval how often the relay looks for due commands (it is also woken at once when
   *     a command is queued)
   * @param initialBackoff wait after the first failed attempt; doubled per attempt up to maxBackoff
   * @param lease how long a relay instance owns a claimed command before another may retry it
   * @param requestTimeout how long one engine call may take
   * @param batchSize how many due commands one claim takes
   * @param parallelism how many conversations' commands are delivered at the same time (each
   *     conversation's own commands always one after another); deliveries mostly wait for the store's
   *     fsync and the engine, so this is well above the number of cores
   */
  public record Relay(
      @DefaultValue("PT0.5S") Duration pollInterval,
      @DefaultValue("PT0.2S") Duration initialBackoff,
      @DefaultValue("PT30S") Duration maxBackoff,
      @DefaultValue("PT30S") Duration lease,
      @DefaultValue("PT10S") Duration requestTimeout,
      @DefaultValue("100") int batchSize,
      @DefaultValue("32") int parallelism) {}
}
