package dev.openlines.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.camunda.client.exception.JobError;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class CrmJobFailuresTest {

  @Test
  void aStoreFailureFailsTheJobWithTheConfiguredBackOff() {
    var failures = new CrmJobFailures(new CrmProperties(Duration.ofSeconds(42)));

    JobError error =
        catchThrowableOfType(
            JobError.class,
            () -> failures.retryOnStoreFailure(() -> {
              throw new DataAccessResourceFailureException("store down");
            }));

    assertThat(error.getRetryBackoff()).isEqualTo(Duration.ofSeconds(42));
    assertThat(error.getRetries()).isNull(); // one retry is spent, the rest remain
    assertThat(error.getErrorMessage()).contains("store down");
  }

  @Test
  void aModelErrorBecomesAnIncident() {
    assertThat(CrmJobFailures.incident("wrong action").getRetries()).isZero();
  }
}
