package dev.openlines.workflow.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The admission settings refuse a start with values that would make it refuse every chat by mistake. */
class AdmissionSettingsTest {

  @Test
  void aRouteWaitUnderASecondIsRefusedAndZeroSwitchesTheCheckOff() {
    assertThatThrownBy(() -> admission(Duration.ofMillis(500), 100))
        .hasMessageContaining("max-route-wait must be PT0S (off) or at least PT1S, was PT0.5S");
    assertThatThrownBy(() -> admission(Duration.ofSeconds(-1), 100)).hasMessageContaining("max-route-wait");
    assertThat(admission(Duration.ZERO, 100).maxRouteWait()).isZero();
  }

  @Test
  void atLeastOneNewConversationMustBeAllowedToWait() {
    assertThatThrownBy(() -> admission(Duration.ofSeconds(15), 0))
        .hasMessageContaining("min-new-conversations-allowed must be 1 or more, was 0");
  }

  private static IngestionProperties.Admission admission(Duration maxRouteWait, long minAllowed) {
    return new IngestionProperties.Admission(2000, 2000, maxRouteWait, minAllowed, Duration.ofSeconds(5), Duration.ofSeconds(1));
  }
}
