package dev.openlines.routing;

public enum OfferStatus {
  /** Visible to the operator, who may answer or skip it. */
  OFFERED,
  ANSWERED,
  SKIPPED,
  /** Nobody answered within the channel's idle time. */
  EXPIRED,
  /** Taken back: someone else answered (ALL) or the conversation was re-routed or closed. */
  WITHDRAWN
}
