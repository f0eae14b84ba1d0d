package dev.openlines.workflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedEngineMetricsTest {

  @Autowired MeterRegistry registry;
  @Autowired EmbeddedZeebeEngine engine;

  @Test
  void logFootprintIsPublished() {
    // The models deployed at start-up already wrote records.
    double appended = registry.get("openlines.engine.log.appended.records").functionCounter().count();
    double retained = registry.get("openlines.engine.log.retained.records").gauge().value();

    assertThat(appended).isPositive();
    assertThat(retained).isPositive().isLessThanOrEqualTo(appended);
    assertThat(registry.get("openlines.engine.log.retained.bytes").gauge().value()).isPositive();
  }

  @Test
  void stateSizeIsPublished() {
    // The deployed models are part of the state already; the gauges read what the heap state store counts.
    assertThat(registry.get("openlines.engine.state.entries").gauge().value()).isPositive();
    assertThat(registry.get("openlines.engine.state.bytes").gauge().value())
        .isGreaterThan(registry.get("openlines.engine.state.entries").gauge().value());
  }

  @Test
  void callsAreCountedByTheWayTheyCame() {
    // The models were deployed at start-up through the application's client: in process.
    assertThat(registry.get("openlines.engine.gateway.calls").tag("transport", "in-process").functionCounter().count())
        .isPositive();
    // Other tests of this shared context may use the port with clients of their own; the meter is there either way.
    assertThat(registry.get("openlines.engine.gateway.calls").tag("transport", "loopback").functionCounter()).isNotNull();
  }
}
