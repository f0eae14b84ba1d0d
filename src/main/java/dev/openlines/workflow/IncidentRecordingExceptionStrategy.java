package dev.openlines.workflow;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.JobError;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the incidents a worker raises at once ({@code CamundaError.jobError} with no retries left, e.g.
 * a connector type without messenger). The client's strategy turns a {@link JobError} into the fail
 * command itself and does not rethrow it, so {@link TracedDurableJobHandler}, which records the
 * failures it sees, never learns of these; without this, supervisors' process health missed them.
 */
class IncidentRecordingExceptionStrategy implements JobExceptionHandlingStrategy {

  private static final Logger log = LoggerFactory.getLogger(IncidentRecordingExceptionStrategy.class);

  private final JobExceptionHandlingStrategy delegate;
  private final JobIncidents incidents;

  IncidentRecordingExceptionStrategy(JobExceptionHandlingStrategy delegate, JobIncidents incidents) {
    this.delegate = delegate;
    this.incidents = incidents;
  }

  @Override
  public void handleException(Exception exception, ExceptionHandlingContext context) throws Exception {
    ActivatedJob job = context.job();
    // A JobError without retries of its own leaves the job one fewer, as any failure does.
    if (exception instanceof JobError error && (error.getRetries() != null ? error.getRetries() : job.getRetries() - 1) <= 0) {
      Object conversationId = job.getVariablesAsMap().get(Workflow.Variable.CONVERSATION_ID);
      log.warn("Job {} of type {} failed with no retries left: {}", job.getKey(), job.getType(), error.getMessage());
      if (conversationId != null) {
        incidents.incidentRaised(conversationId.toString(), job, error.getMessage() == null ? error.toString() : error.getMessage());
      }
    }
    delegate.handleException(exception, context);
  }
}
