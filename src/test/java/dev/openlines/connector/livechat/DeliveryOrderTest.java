package dev.openlines.connector.livechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
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
    SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00.005Z"));
    DeliveryOrder order = new DeliveryOrder(clock);

    long before = order.next();
    clock.now = Instant.parse("2026-12-03T10:00:00.004Z");

    assertThat(order.next()).isGreaterThan(before);
  }

  @Test
  void aLaterMillisecondComesAfterEverythingQueuedBefore() {
    SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
    DeliveryOrder order = new DeliveryOrder(clock);
    long earlier = order.next();

    // A new run of the service starts counting again from its clock: later than anything queued earlier.
    clock.now = Instant.parse("2026-12-03T10:00:00.001Z");
    DeliveryOrder afterRestart = new DeliveryOrder(clock);

    assertThat(afterRestart.next()).isGreaterThan(earlier);
  }

  private static final class SettableClock extends Clock {
    Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
