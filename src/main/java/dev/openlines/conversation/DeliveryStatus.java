package dev.openlines.conversation;

/** How far an outgoing message got on its way to the client. */
public enum DeliveryStatus {
  /** Stored, not yet delivered (e.g. queued behind an earlier message of its conversation that is being retried). */
  PENDING,
  /** The messenger accepted it. */
  DELIVERED,
  /**
   * The last attempt failed in a way that may pass (messenger unreachable, timeout, 5xx, 429); the
   * background retry tries again at {@code nextDeliveryAttemptAt}.
   */
  RETRYING,
  /** The messenger refused it for good (client blocked the bot, chat gone). */
  REFUSED,
  /**
   * Never delivered, on purpose: a silent note (it stays inside OpenLines), or a message the operator deleted while it
   * still waited for its messenger ({@code deliveryError} says so).
   */
  NOT_SENT
}
