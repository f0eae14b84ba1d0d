package dev.openlines.conversation.inbound;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many new conversations a second the service gets through to routing while it is busy, from the counts
 * admission takes anyway: the NEW backlog and how many were opened since the last count. What left the
 * backlog over the last five seconds is the rate. Only a span that began with a backlog counts: without one
 * the service routes what comes, and that says nothing about what it can do, so the rate last seen busy is
 * kept. An engine that stopped is noticed within the span; a flood is measured at once, not averaged up from
 * nothing.
 */
final class RoutingRate {

  static final long SPAN_NANOS = 5_000_000_000L;
  /** A span that began with fewer waiting was not busy enough to show the service's rate. */
  static final long BUSY_BACKLOG = 10;

  private record Sample(long nanos, long backlog, long openedSoFar) {}

  private final Deque<Sample> samples = new ArrayDeque<>();
  private long openedSoFar;
  private double perSecond;

  /**
   * @param backlog new conversations on their way to routing now
   * @param openedSinceLastSample of those, how many were opened since the previous sample
   */
  synchronized void sample(long nanos, long backlog, long openedSinceLastSample) {
    openedSoFar += openedSinceLastSample;
    Sample first = samples.peekFirst();
    if (first != null && first.backlog() >= BUSY_BACKLOG && nanos > first.nanos()) {
      double routed = first.backlog() + (openedSoFar - first.openedSoFar()) - backlog;
      perSecond = Math.max(0, routed / ((nanos - first.nanos()) / 1e9));
    }
    samples.addLast(new Sample(nanos, backlog, openedSoFar));
    while (samples.size() > 1 && nanos - samples.peekFirst().nanos() > SPAN_NANOS) {
      samples.removeFirst();
    }
  }

  /** Conversations a second; 0 until the service was seen busy. */
  synchronized double perSecond() {
    return perSecond;
  }
}
