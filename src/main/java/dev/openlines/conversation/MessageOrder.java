package dev.openlines.conversation;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The order in which messages were stored: a conversation's history and a visitor's queued replies are
 * read back in it. Their time alone cannot give it: two messages stored within one millisecond (the store
 * keeps milliseconds) would come back in any order. Numbers grow with the clock (a thousand per
 * millisecond) so they keep growing across restarts, and never repeat or go back within one run, even
 * when the clock does.
 */
@Component
public class MessageOrder {

  private static final long PER_MILLISECOND = 1000;

  private final Clock clock;
  private final AtomicLong last = new AtomicLong();

  public MessageOrder(Clock clock) {
    this.clock = clock;
  }

  public long next() {
    long fromClock = clock.millis() * PER_MILLISECOND;
    return last.updateAndGet(previous -> Math.max(previous + 1, fromClock));
  }
}
