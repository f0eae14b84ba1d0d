package dev.openlines.connector.livechat;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The order in which messages were queued for visitors. The queue time alone cannot give it: two replies
 * queued within one millisecond (the store keeps milliseconds) would come back in any order after a
 * reconnect. Numbers grow with the clock (a thousand per millisecond) so they keep growing across restarts,
 * and never repeat or go back within one run, even when the clock does.
 */
@Component
class DeliveryOrder {

  private static final long PER_MILLISECOND = 1000;

  private final Clock clock;
  private final AtomicLong last = new AtomicLong();

  DeliveryOrder(Clock clock) {
    this.clock = clock;
  }

  long next() {
    long fromClock = clock.millis() * PER_MILLISECOND;
    return last.updateAndGet(previous -> Math.max(previous + 1, fromClock));
  }
}
