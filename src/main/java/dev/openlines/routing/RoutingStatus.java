package dev.openlines.routing;

/** Where a conversation is in routing. */
public enum RoutingStatus {
  /** Looking for an operator right now. */
  ROUTING,
  /** Offered and waiting for an answer. */
  OFFERED,
  /** Nobody could take it; waits for an operator to become available. */
  WAITING,
  /**
   * Was waiting and has been told that an operator is free ({@code operator-available}); its next offer
   * is on its way. Claimed from WAITING by one conditional update, so two freed slots never wake the
   * same conversation.
   */
  WOKEN,
  /** An operator took it. */
  ASSIGNED,
  /** The conversation was closed; its operator's slot is free again. */
  CLOSED
}
