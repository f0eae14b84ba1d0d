package dev.openlines.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.testing.MutableClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MessageOrderTest {

  @Test
  void messagesQueuedWithinOneMillisecondKeepTheOrderTheyWereQueuedIn() {
    MessageOrder order = new MessageOrder(Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC));

    long first = order.next();
    long second = order.next();
    long third = order.next();

    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
  }

  @Test
  void aClockThatStepsBackDoesNotPutALaterMessageFirst() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00.005Z"));
    MessageOrder order = new MessageOrder(clock);

    long before = order.next();
    clock.set(Instant.parse("2026-12-03T10:00:00.004Z"));

    assertThat(order.next()).isGreaterThan(before);
  }

  @Test
  void aLaterMillisecondComesAfterEverythingQueuedBefore() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    MessageOrder order = new MessageOrder(clock);
    long earlier = order.next();

    // A new run of the service starts counting again from its clock: later than anything queued earlier.
    clock.set(Instant.parse("2026-12-03T10:00:00.001Z"));
    MessageOrder afterRestart = new MessageOrder(clock);

    assertThat(afterRestart.next()).isGreaterThan(earlier);
  }

}
