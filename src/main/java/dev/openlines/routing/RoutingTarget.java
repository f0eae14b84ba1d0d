package dev.openlines.routing;

/** Where the decision table {@code distribution} sends a conversation. */
public enum RoutingTarget {
  /** The client's responsible operator from the CRM, falling back to this channel's queue. */
  RESPONSIBLE,
  /** This channel's queue. */
  QUEUE,
  /** Another channel's queue, or one department of this channel. */
  OTHER_QUEUE
}
