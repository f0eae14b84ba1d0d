package dev.openlines.workflow.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The admission settings refuse a start with values that would make it refuse every chat or none by mistake. */
class AdmissionSettingsTest {

  @Test
  void aRouteWaitUnderASecondIsRefusedAndZeroSwitchesTheCheckOff() {
    assertThatThrownBy(() -> admission(Duration.ofMillis(500), 10))
        .hasMessageContaining("max-route-wait must be PT0S (off) or at least PT1S, was PT0.5S");
    assertThatThrownBy(() -> admission(Duration.ofSeconds(-1), 10)).hasMessageContaining("max-route-wait");
    assertThat(admission(Duration.ZERO, 10).maxRouteWait()).isZero();
  }

  @Test
  void aNegativeToleranceIsRefused() {
    assertThatThrownBy(() -> admission(Duration.ofSeconds(15), -1))
        .hasMessageContaining("late-conversations-tolerated must be 0 or more, was -1");
  }

  @Test
  void lateConversationsAreLookedForWithinSixRouteWaits() {
    assertThat(admission(Duration.ofSeconds(15), 10).lateWindow()).isEqualTo(Duration.ofSeconds(90));
  }

  private static IngestionProperties.Admission admission(Duration maxRouteWait, long tolerated) {
    return new IngestionProperties.Admission(2000, 2000, maxRouteWait, tolerated, Duration.ofSeconds(5), Duration.ofSeconds(1));
  }
}
