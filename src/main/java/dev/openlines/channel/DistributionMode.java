package dev.openlines.channel;

/** How a channel's queue hands conversations to its operators. */
public enum DistributionMode {
  /** In queue order; operators already tried for this conversation are skipped until everyone was tried. */
  STRICT,
  /** To the available operator whose last assignment is the longest ago. */
  EVENLY,
  /** To every available operator at once; the first to answer takes it. No forwarding on idle time. */
  ALL
}
