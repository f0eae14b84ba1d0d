package dev.openlines.conversation;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.DeliveryException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Meter {@value #FAILURES}: delivery attempts to clients that failed, tagged with the connector type
 * ({@code telegram}, {@code whatsapp}, ...) and the kind: {@code permanent} (refused, not retried),
 * {@code rate-limited} (the messenger asked to wait) or {@code temporary} (unreachable, timeout, 5xx:
 * retried with backoff). Counted per attempt, so a connector outage shows as a rising rate. Every
 * installed connector type starts at 0 for every kind, so {@code increase()} sees the first failure.
 */
@Component
class DeliveryMeters {

  static final String FAILURES = "openlines.delivery.failures";

  private static final List<String> KINDS = List.of("permanent", "rate-limited", "temporary");

  private final MeterRegistry registry;

  DeliveryMeters(MeterRegistry registry, List<ClientMessenger> messengers) {
    this.registry = registry;
    messengers.forEach(messenger -> KINDS.forEach(kind -> counter(messenger.connectorType(), kind)));
  }

  void failed(String connectorType, DeliveryException failure) {
    counter(connectorType == null ? "unknown" : connectorType, kind(failure)).increment();
  }

  private Counter counter(String connectorType, String kind) {
    return Counter.builder(FAILURES)
        .description("Failed delivery attempts to clients, by connector type and kind")
        .tag("connector", connectorType)
        .tag("kind", kind)
        .register(registry);
  }

  private static String kind(DeliveryException failure) {
    if (failure.permanent()) {
      return "permanent";
    }
    return failure.retryAfter().isPositive() ? "rate-limited" : "temporary";
  }
}
