package dev.openlines.conversation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How undelivered outgoing messages are retried ({@code openlines.messages.*}).
 *
 * @param retryBackoff wait before the first retry of a temporary failure whose messenger did not say
 *     how long to wait; doubled after each further failure
 * @param maxRetryBackoff the longest wait between two attempts (so a message goes out at most this
 *     long after the messenger is back), unless the messenger asks for longer (429 retry_after)
 * @param retryPollInterval how often the background retry looks for due messages
 * @param retryLease how long one retrier holds a conversation's queue, and one request an operator's message it
 *     delivers ({@link DeliveryClaims}); after a crash another takes over then
 * @param giveUpAfter a message still undelivered this long after it was written is recorded REFUSED
 * @param runHeartbeat how often a run of the service tells the store it is alive ({@link ServiceRuns}); one silent
 *     for three beats is taken for killed, and its claims are taken over
 */
@Validated
@ConfigurationProperties("openlines.messages")
public record MessageDeliveryProperties(
    @DefaultValue("10s") Duration retryBackoff,
    @DefaultValue("1m") Duration maxRetryBackoff,
    @DefaultValue("1s") Duration retryPollInterval,
    @DefaultValue("2m") Duration retryLease,
    @DefaultValue("1d") Duration giveUpAfter,
    @DefaultValue("10s") Duration runHeartbeat) {

  public MessageDeliveryProperties {
    require(retryBackoff, "retry-backoff");
    require(maxRetryBackoff, "max-retry-backoff");
    require(retryPollInterval, "retry-poll-interval");
    require(retryLease, "retry-lease");
    require(giveUpAfter, "give-up-after");
    require(runHeartbeat, "run-heartbeat");
    if (maxRetryBackoff.compareTo(retryBackoff) < 0) {
      throw new IllegalArgumentException("openlines.messages.max-retry-backoff must not be shorter than retry-backoff");
    }
  }

  /** The wait before attempt number {@code failures + 1}: the messenger's own wish, else doubling backoff. */
  public Duration backoff(int failures, Duration retryAfter) {
    if (retryAfter != null && retryAfter.isPositive()) {
      return retryAfter;
    }
    Duration wait = retryBackoff;
    for (int i = 1; i < failures && wait.compareTo(maxRetryBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : wait;
  }

  private static void require(Duration value, String name) {
    if (value == null || !value.isPositive()) {
      throw new IllegalArgumentException("openlines.messages." + name + " must be a positive duration, e.g. 10s");
    }
  }
}
