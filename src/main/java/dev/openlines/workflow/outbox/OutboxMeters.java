package dev.openlines.workflow.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Gauges of the process-command outbox, read when scraped: {@value #DEPTH} commands the engine has not
 * accepted yet, and {@value #OLDEST_AGE} seconds the oldest of them has waited. A depth that keeps
 * growing means intake runs ahead of the engine; the age says how far behind it is.
 */
@Component
class OutboxMeters {

  static final String DEPTH = "openlines.outbox.depth";
  static final String OLDEST_AGE = "openlines.outbox.oldest.age";

  OutboxMeters(ProcessCommandOutbox outbox, MeterRegistry registry) {
    Gauge.builder(DEPTH, outbox, ProcessCommandOutbox::depth)
        .description("Process commands queued and not yet accepted by the engine")
        .register(registry);
    Gauge.builder(OLDEST_AGE, outbox, o -> o.oldestAge().toMillis() / 1000.0)
        .description("Age of the oldest process command not yet accepted by the engine")
        .baseUnit("seconds")
        .register(registry);
  }
}
