package dev.openlines.recovery;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN while the open conversations get their processes back after a restart (embedded runtime), so
 * that readiness ({@code /actuator/health/readiness}) lets no traffic in before they can take it.
 */
@Component
class ConversationRecoveryHealthIndicator implements HealthIndicator {

  private final ConversationRecovery recovery;

  ConversationRecoveryHealthIndicator(ConversationRecovery recovery) {
    this.recovery = recovery;
  }

  @Override
  public Health health() {
    if (!recovery.finished()) {
      return Health.down().withDetail("reason", "recovering the open conversations after the restart").build();
    }
    return recovery
        .lastResult()
        .map(result -> Health.up().withDetail("recovered", result.recovered().size()).withDetail("failed", result.failed().size()))
        .orElseGet(Health::up)
        .build();
  }
}
