package dev.openlines.workflow;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.api.worker.BackoffSupplier;
import io.camunda.client.api.worker.JobHandler;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobWorkerManager;
import io.camunda.client.jobhandling.parameter.ParameterResolverStrategy;
import io.camunda.client.jobhandling.result.ResultProcessorStrategy;
import io.camunda.client.metrics.MetricsRecorder;

/**
 * The Camunda client's worker manager, opening every {@code @JobWorker} with its handler wrapped in
 * {@link TracedDurableJobHandler}. The 8.8 client has no handler decorator hook of its own;
 * {@code openWorker(client, value, handler)} is where every annotated worker's handler passes.
 */
public class TracedDurableJobWorkerManager extends JobWorkerManager {

  public TracedDurableJobWorkerManager(
      CommandExceptionHandlingStrategy commandExceptionHandlingStrategy,
      MetricsRecorder metricsRecorder,
      ParameterResolverStrategy parameterResolverStrategy,
      ResultProcessorStrategy resultProcessorStrategy,
      BackoffSupplier backoffSupplier,
      JobExceptionHandlingStrategy jobExceptionHandlingStrategy,
      JobIncidents incidents,
      StoreDurability writes) {
    super(
        commandExceptionHandlingStrategy,
        metricsRecorder,
        parameterResolverStrategy,
        resultProcessorStrategy,
        backoffSupplier,
        jobExceptionHandlingStrategy);
    this.incidents = incidents;
    this.writes = writes;
  }

  private final JobIncidents incidents;
  private final StoreDurability writes;

  @Override
  public JobWorker openWorker(CamundaClient client, JobWorkerValue value, JobHandler handler) {
    return super.openWorker(client, value, new TracedDurableJobHandler(handler, incidents, writes));
  }
}
