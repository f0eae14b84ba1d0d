package dev.openlines.conversation.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.springframework.stereotype.Component;

/**
 * What admission control did, for the dashboard: {@value #REFUSED} counts messages that would have opened
 * a new conversation and were refused with 503, by why; {@value #ROUTING_RATE} is the rate admission
 * measured the service routing new conversations at while busy, the rate its route-wait bound uses.
 */
@Component
class IntakeMeters {

  static final String REFUSED = "openlines.intake.refused";
  static final String ROUTING_RATE = "openlines.intake.routing.rate";

  /** Why a new conversation was refused; the meter's {@code reason} tag. */
  enum Reason {
    ROUTE_WAIT("route-wait"),
    OUTBOX_DEPTH("outbox-depth"),
    NEW_CONVERSATIONS("new-conversations");

    final String tag;

    Reason(String tag) {
      this.tag = tag;
    }
  }

  private final MeterRegistry registry;
  private final Map<Reason, Counter> refused = new EnumMap<>(Reason.class);

  IntakeMeters(MeterRegistry registry) {
    this.registry = registry;
    for (Reason reason : Reason.values()) {
      refused.put(reason, Counter.builder(REFUSED)
          .description("Messages that would have opened a new conversation, refused with 503 because the service was behind")
          .tag("reason", reason.tag)
          .register(registry));
    }
  }

  void refused(Reason reason) {
    refused.get(reason).increment();
  }

  void watchRoutingRate(DoubleSupplier perSecond) {
    Gauge.builder(ROUTING_RATE, perSecond::getAsDouble)
        .description("New conversations a second the service routed lately while busy, as admission control measured it")
        .register(registry);
  }
}
