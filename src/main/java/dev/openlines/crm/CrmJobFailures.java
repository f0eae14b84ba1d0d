package dev.openlines.crm;

import io.camunda.client.exception.JobError;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/** Turns a failing CRM store into a job failure that the engine retries after a back-off. */
@Component
class CrmJobFailures {

  private final CrmProperties properties;

  CrmJobFailures(CrmProperties properties) {
    this.properties = properties;
  }

  <T> T retryOnStoreFailure(Supplier<T> work) {
    try {
      return work.get();
    } catch (DataAccessException e) {
      // retries null: the client counts one retry down from the job's remaining retries
      throw new JobError("The CRM store failed: " + e.getMessage(), null, null, properties.retryBackoff(), e);
    }
  }

  /** A model that calls a CRM task the wrong way: no retry helps, so an incident shows it. */
  static JobError incident(String message) {
    return new JobError(message, null, 0, null, null);
  }
}
