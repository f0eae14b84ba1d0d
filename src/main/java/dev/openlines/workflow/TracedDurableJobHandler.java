package dev.openlines.workflow;

import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.JobError;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Wraps every job worker's handler with what each job needs besides its own work:
 *
 * <ul>
 *   <li><b>traced</b>: the job's conversation id is in the logging MDC (key {@value #MDC_KEY}) while the
 *       handler runs, so every line the worker logs, and what the Camunda client logs inside the handler, can
 *       be traced to its conversation. The client logs a job that fails with an exception only after the
 *       handler has returned, where the MDC is gone; so a failure is also logged here, one line with the
 *       conversation id, and a failure without retries left is recorded as an incident;
 *   <li><b>durable</b>: the handler's store writes share one commit ({@link StoreDurability#deferDurability()}),
 *       and its result (complete, fail, throw error) reaches the engine only once they are durable
 *       ({@link DurableJobClient}): the engine never moves on from a step whose writes a crash could lose.
 * </ul>
 */
public class TracedDurableJobHandler implements JobHandler {

  /** The MDC key; the log pattern and the structured (ECS) logs print it. */
  public static final String MDC_KEY = Workflow.Variable.CONVERSATION_ID;

  private static final Logger log = LoggerFactory.getLogger(TracedDurableJobHandler.class);
  private final JobHandler delegate;
  private final JobIncidents incidents;

  private final StoreDurability writes;

  public TracedDurableJobHandler(JobHandler delegate) {
    this(delegate, JobIncidents.NONE, StoreDurability.IMMEDIATE);
  }

  public TracedDurableJobHandler(JobHandler delegate, JobIncidents incidents, StoreDurability writes) {
    this.delegate = delegate;
    this.incidents = incidents;
    this.writes = writes;
  }

  /** What the client will tell the engine: a JobError's own retries, otherwise one fewer than the job had. */
  private static int retriesLeft(ActivatedJob job, Exception failure) {
    if (failure instanceof JobError error && error.getRetries() != null) {
      return error.getRetries();
    }
    return job.getRetries() - 1;
  }

  @Override
  public void handle(JobClient client, ActivatedJob job) throws Exception {
    try (StoreDurability.Scope deferred = writes.deferDurability()) {
      handleWithMdc(new DurableJobClient(client, writes), job);
    }
  }

  private void handleWithMdc(JobClient client, ActivatedJob job) throws Exception {
    Object conversationId = job.getVariablesAsMap().get(Workflow.Variable.CONVERSATION_ID);
    if (conversationId == null) {
      delegate.handle(client, job);
      return;
    }
    String previous = MDC.get(MDC_KEY);
    MDC.put(MDC_KEY, conversationId.toString());
    try {
      delegate.handle(client, job);
    } catch (Exception e) {
      log.warn("Job {} of type {} failed: {}", job.getKey(), job.getType(), e.toString());
      if (!(e instanceof BpmnError) && retriesLeft(job, e) <= 0) {
        incidents.incidentRaised(conversationId.toString(), job, e.getMessage() == null ? e.toString() : e.getMessage());
      }
      throw e;
    } finally {
      // Worker threads are pooled: leave the MDC as it was found.
      if (previous == null) {
        MDC.remove(MDC_KEY);
      } else {
        MDC.put(MDC_KEY, previous);
      }
    }
  }
}
