package dev.openlines.connector.livechat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.testing.MutableClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeliveryOrderTest {

  @Test
  void messagesQueuedWithinOneMillisecondKeepTheOrderTheyWereQueuedIn() {
    DeliveryOrder order = new DeliveryOrder(Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC));

    long first = order.next();
    long second = order.next();
    long third = order.next();

    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
  }

  @Test
  void aClockThatStepsBackDoesNotPutALaterMessageFirst() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00.005Z"));
    DeliveryOrder order = new DeliveryOrder(clock);

    long before = order.next();
    clock.set(Instant.parse("2026-12-03T10:00:00.004Z"));

    assertThat(order.next()).isGreaterThan(before);
  }

  @Test
  void aLaterMillisecondComesAfterEverythingQueuedBefore() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    DeliveryOrder order = new DeliveryOrder(clock);
    long earlier = order.next();

    // A new run of the service starts counting again from its clock: later than anything queued earlier.
    clock.set(Instant.parse("2026-12-03T10:00:00.001Z"));
    DeliveryOrder afterRestart = new DeliveryOrder(clock);

    assertThat(afterRestart.next()).isGreaterThan(earlier);
  }

}
