package dev.openlines.recovery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Meters of the start-up recovery ({@link ConversationRecovery}): {@value #DURATION}, how long a pass
 * took (readiness is DOWN meanwhile), and {@value #CONVERSATIONS}, conversations whose process it
 * recreated ({@code outcome=recovered}) or could not ({@code failed}: the next start tries again).
 */
@Component
class RecoveryMeters {

  static final String DURATION = "openlines.recovery.duration";
  static final String CONVERSATIONS = "openlines.recovery.conversations";

  private final Timer duration;
  private final Counter recovered;
  private final Counter failed;

  RecoveryMeters(MeterRegistry registry) {
    duration =
        Timer.builder(DURATION)
            .description("Duration of a recovery pass recreating the processes of open conversations after a restart")
            .register(registry);
    recovered = conversations(registry, "recovered");
    failed = conversations(registry, "failed");
  }

  void passFinished(Duration took, int recoveredCount, int failedCount) {
    duration.record(took);
    recovered.increment(recoveredCount);
    failed.increment(failedCount);
  }

  private static Counter conversations(MeterRegistry registry, String outcome) {
    return Counter.builder(CONVERSATIONS)
        .description("Open conversations handled by the recovery after a restart")
        .tag("outcome", outcome)
        .register(registry);
  }
}
