package dev.openlines.channel;

/**
 * From which point a conversation stops counting against the operator's simultaneous-chat limit.
 * Until then it occupies one of the operator's slots in this channel.
 */
public enum LimitExclusion {
  /** Counts until the operator has sent the first answer. */
  ANSWERED,
  /** Does not count while the operator's message is the last one (waiting for the client); counts again when the client writes. */
  WAITING_FOR_CLIENT,
  /** Counts until the conversation is closed. */
  CLOSED
}
