package dev.openlines.conversation;

import dev.openlines.workflow.EngineRun;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Idempotency keys for the side effects of job workers (a message sent, a deadline armed, a breach
 * recorded), built from engine keys so that every delivery of one job finds the same key.
 *
 * <p>Engine keys alone are not unique over time on the embedded runtime: each start has a fresh
 * engine whose key generator starts over, so a step after a restart can get the key of a step before
 * it, and its side effect would pass for already done. The keys therefore carry the engine run. A
 * Camunda cluster never hands out a key twice, and its jobs outlive an application restart (a job
 * delivered again after the restart must find its first key), so there the run part is a constant.
 */
@Component
public class StepKeys {

  /** The run part on an external cluster, whose keys are unique for the cluster's whole life. */
  static final String CLUSTER_RUN = "cluster";

  private final String engineRun;

  public StepKeys(ObjectProvider<EngineRun> embeddedRuntime) {
    EngineRun runtime = embeddedRuntime.getIfAvailable();
    this.engineRun = runtime == null ? CLUSTER_RUN : runtime.engineRunId();
  }

  /** The process step (element instance) the job belongs to: the same for every job of that step. */
  public String step(ActivatedJob job) {
    return engineRun + ":" + job.getElementInstanceKey();
  }

  /** This job: a retried job of the same step gets a new one. */
  public String attempt(ActivatedJob job) {
    return engineRun + ":job:" + job.getKey();
  }
}
