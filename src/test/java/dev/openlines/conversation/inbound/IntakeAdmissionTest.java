package dev.openlines.conversation.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openlines.api.ServiceOverloadedException;
import dev.openlines.workflow.outbox.IngestionProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The route-wait bound of intake admission against a simulated service: it lets in as many new
 * conversations as the service routes in the allowed wait at the rate it showed while busy, refuses above
 * that, takes new chats again as the backlog drains, and notices within seconds when routing stops.
 */
class IntakeAdmissionTest {

  static final Duration MAX_ROUTE_WAIT = Duration.ofSeconds(10);
  static final long MIN_ALLOWED = 20;

  /** A service whose backlog of NEW conversations moves one second at a time. */
  static final class SimulatedService {
    long seconds;
    long backlog;
    long openedInLastSecond;
    long outboxDepth;

    void second(long arrivals, long routingCapacity) {
      seconds++;
      backlog = Math.max(0, backlog + arrivals - routingCapacity);
      openedInLastSecond = arrivals;
    }
  }

  final SimulatedService service = new SimulatedService();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final IntakeAdmission admission = new IntakeAdmission(
      new IngestionProperties.Admission(1_000, 0, MAX_ROUTE_WAIT, MIN_ALLOWED, Duration.ofSeconds(5), Duration.ofSeconds(1)),
      () -> service.outboxDepth,
      () -> service.backlog,
      (from, until) -> service.openedInLastSecond,
      Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC),
      () -> service.seconds * 1_000_000_000L,
      new IntakeMeters(registry));

  @Test
  void beforeAnyRateIsKnownOnlyTheMinimumMayWait() {
    service.backlog = MIN_ALLOWED;
    assertThat(admits()).isTrue();
    service.seconds++;
    service.backlog = MIN_ALLOWED + 1;
    assertThatThrownBy(() -> admission.admit(() -> false))
        .hasMessageContaining("21 new conversations wait to be routed, more than the 20 that may wait until it routes faster (0.0 a second lately)");
  }

  @Test
  void aServiceRoutingThirtyASecondTakesAsManyAsItRoutesInTheWaitAndRefusesAbove() {
    long refusedAtBacklog = firstRefusedBacklog(50, 30);
    // 30 a second for 10 s: 300 may wait; the backlog grows by 20 a second, so the first refusal comes at 320.
    assertThat(refusedAtBacklog).isEqualTo(320);
    assertThatThrownBy(() -> admission.admit(() -> false))
        .isInstanceOf(ServiceOverloadedException.class)
        .hasMessageContaining("320 new conversations wait to be routed, more than it routes in 10 s (30.0 a second lately)");

    assertThat(registry.get(IntakeMeters.ROUTING_RATE).gauge().value()).isEqualTo(30.0);
    assertThat(registry.get(IntakeMeters.REFUSED).tag("reason", "route-wait").counter().count()).isEqualTo(2);
    assertThat(registry.get(IntakeMeters.REFUSED).tag("reason", "outbox-depth").counter().count()).isZero();

    service.second(0, 30);
    assertThat(admits()).as("290 wait: fewer than it routes in 10 s").isTrue();
  }

  @Test
  void aRefusedCallerIsToldToComeBackWhenTheConversationsWaitingNowAreRoutedNotInAFewSeconds() {
    assertThat(firstRefusedBacklog(50, 30)).isEqualTo(320);
    // 320 wait and 30 a second are routed: 11 s, not the configured 5 s.
    assertThatThrownBy(() -> admission.admit(() -> false)).isInstanceOfSatisfying(ServiceOverloadedException.class,
        overloaded -> assertThat(overloaded.getHeaders().getFirst("Retry-After")).isEqualTo("11"));

    // A service that routes nothing gives no estimate: the configured time.
    for (int second = 0; second < 10; second++) {
      service.second(50, 0);
      admits();
    }
    assertThatThrownBy(() -> admission.admit(() -> false)).isInstanceOfSatisfying(ServiceOverloadedException.class,
        overloaded -> assertThat(overloaded.getHeaders().getFirst("Retry-After")).isEqualTo("5"));
  }

  @Test
  void aFloodIsMeasuredAsSoonAsItsFirstConversationsAreThroughNotAveragedUpFromNothing() {
    // Two seconds of arrivals before anything comes out of the path, then the service routes 15 a second.
    service.second(40, 0);
    admits();
    service.second(40, 0);
    admits();
    for (int second = 0; second < 5; second++) {
      service.second(25, 15);
      admits();
    }
    // 15 a second for 10 s: 150 may wait (the backlog grows by 10 a second), not a rate still rising from 0.
    assertThat(firstRefusedBacklog(25, 15)).isEqualTo(160);
  }

  @Test
  void whileTheOutboxCapRefusesTheRoutingRateIsStillMeasured() {
    for (int second = 0; second < 10; second++) {
      service.second(50, 30);
      admits();
    }
    service.outboxDepth = 1_001;
    for (int second = 0; second < 10; second++) {
      service.second(50, 30);
      assertThatThrownBy(() -> admission.admit(() -> false)).hasMessageContaining("process commands wait for the engine");
    }
    service.outboxDepth = 0;
    service.second(50, 30);
    admits();
    assertThat(registry.get(IntakeMeters.ROUTING_RATE).gauge().value()).isEqualTo(30.0);
  }

  @Test
  void routingThatStopsIsNoticedWithinSecondsAfterAQuietHour() {
    for (int second = 0; second < 20; second++) {
      service.second(50, 30);
      admits();
    }
    while (service.backlog > 0) {
      service.second(0, 30);
      admits();
    }
    for (int second = 0; second < 3_600; second++) {
      service.second(1, 1);
      admits();
    }
    long refusedAtBacklog = -1;
    while (refusedAtBacklog < 0) {
      service.second(5, 0);
      if (!admits()) {
        refusedAtBacklog = service.backlog;
      }
    }
    // The rate of an hour ago (30 a second: 300 may wait) fades once nothing leaves the backlog.
    assertThat(refusedAtBacklog).isBetween(MIN_ALLOWED, 100L);
  }

  @Test
  void messagesOfOpenConversationsAreTakenWhileNewOnesAreRefused() {
    service.backlog = 1_000;
    admission.admit(() -> true);
    assertThatThrownBy(() -> admission.admit(() -> false)).isInstanceOf(ServiceOverloadedException.class);
  }

  /** The backlog at the first refusal while {@code arrivals} a second come and {@code capacity} are routed; -1 if none in a minute. */
  private long firstRefusedBacklog(long arrivals, long capacity) {
    for (int second = 0; second < 60; second++) {
      service.second(arrivals, capacity);
      if (!admits()) {
        return service.backlog;
      }
    }
    return -1;
  }

  private boolean admits() {
    try {
      admission.admit(() -> false);
      return true;
    } catch (ServiceOverloadedException refused) {
      return false;
    }
  }
}
