package dev.openlines.channel;

/** The response-time limits an operator can exceed. */
public enum KpiLimit {
  /** The operator's first reply in a conversation. */
  FIRST_RESPONSE,
  /** A reply to a client's later message. */
  SUBSEQUENT_RESPONSE
}
