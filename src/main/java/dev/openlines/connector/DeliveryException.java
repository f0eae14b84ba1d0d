package dev.openlines.connector;

import java.time.Duration;

/**
 * Delivery to a client failed. Permanent failures (the client blocked the bot, the chat is gone)
 * are recorded on the conversation and not retried; temporary ones are retried after {@code retryAfter}.
 */
public class DeliveryException extends Exception {

  private final boolean permanent;
  private final Duration retryAfter;

  private DeliveryException(String message, boolean permanent, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
    this.retryAfter = retryAfter;
  }

  public static DeliveryException permanent(String message) {
    return new DeliveryException(message, true, Duration.ZERO, null);
  }

  public static DeliveryException temporary(String message, Duration retryAfter, Throwable cause) {
    return new DeliveryException(message, false, retryAfter, cause);
  }

  public boolean permanent() {
    return permanent;
  }

  /** How long to wait before the next attempt; zero means the caller's own backoff. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
