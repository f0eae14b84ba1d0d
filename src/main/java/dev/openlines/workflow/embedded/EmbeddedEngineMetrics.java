package dev.openlines.workflow.embedded;

import dev.openlines.workflow.embedded.gateway.GatewayCalls;
import dev.openlines.workflow.embedded.state.HeapStateStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Exposes the embedded engine's log footprint on {@code /actuator/prometheus}, so operators can see
 * that memory stays flat: retained records should hover near the configured retention, and grow
 * only while the engine is behind its load. Nothing is registered on the external runtime.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedEngineMetrics {

  @Bean
  MeterBinder embeddedEngineLogMetrics(ObjectProvider<EmbeddedZeebeEngine> engines) {
    return registry ->
        engines.ifAvailable(
            engine -> {
              Gauge.builder("openlines.engine.log.retained.records", () -> engine.logFootprint().retainedRecords())
                  .description("Log records the embedded engine still holds (unprocessed plus retention)")
                  .register(registry);
              Gauge.builder("openlines.engine.log.retained.bytes", () -> engine.logFootprint().retainedBytes())
                  .description("Bytes of log the embedded engine still holds")
                  .baseUnit("bytes")
                  .register(registry);
              FunctionCounter.builder(
                      "openlines.engine.log.appended.records", engine, e -> e.logFootprint().appendedRecords())
                  .description("Log records written by the embedded engine since start")
                  .register(registry);
              // Open process instances live here; size the heap by it (docs/performance.md).
              Gauge.builder("openlines.engine.state.entries", engine, e -> heapState(e, HeapStateStore::entries))
                  .description("Entries of the embedded engine's state in the heap (NaN with the RocksDB state store)")
                  .register(registry);
              Gauge.builder("openlines.engine.state.bytes", engine, e -> heapState(e, HeapStateStore::bytes))
                  .description("Bytes of keys and values of the embedded engine's state in the heap (NaN with RocksDB)")
                  .baseUnit("bytes")
                  .register(registry);
              Map<String, ToDoubleFunction<GatewayCalls>> transports =
                  Map.of("in-process", GatewayCalls::inProcess, "loopback", GatewayCalls::network);
              transports.forEach(
                  (transport, calls) ->
                      FunctionCounter.builder("openlines.engine.gateway.calls", engine.gatewayCalls(), calls)
                          .description("Calls the embedded engine took, by the way they came")
                          .tag("transport", transport)
                          .register(registry));
            });
  }

  private static double heapState(EmbeddedZeebeEngine engine, ToDoubleFunction<HeapStateStore> measure) {
    return engine.stateStore() instanceof HeapStateStore heap ? measure.applyAsDouble(heap) : Double.NaN;
  }
}
