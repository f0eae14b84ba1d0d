package dev.openlines.workflow.embedded;

import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's {@link Clock} on the embedded runtime: it reads the engine's clock, so when a
 * test moves the engine forward ({@code increaseTime}) the application's notion of "now" (working
 * hours, deadlines, KPI) moves with it. Without time travel it is the system clock.
 */
final class EngineClock extends Clock {

  private final ControlledActorClock engineClock;
  private final ZoneId zone;

  EngineClock(ControlledActorClock engineClock, ZoneId zone) {
    this.engineClock = engineClock;
    this.zone = zone;
  }

  EngineClock(ControlledActorClock engineClock) {
    this(engineClock, ZoneOffset.UTC);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new EngineClock(engineClock, zone);
  }

  @Override
  public Instant instant() {
    // The engine caches its time between actor ticks; refreshing it here gives the live value.
    engineClock.update();
    return engineClock.getCurrentTime();
  }
}
