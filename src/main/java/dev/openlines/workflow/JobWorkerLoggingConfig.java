package dev.openlines.workflow;

import org.springframework.beans.factory.ObjectProvider;
import io.camunda.client.api.worker.BackoffSupplier;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobWorkerManager;
import io.camunda.client.jobhandling.parameter.ParameterResolverStrategy;
import io.camunda.client.jobhandling.result.ResultProcessorStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Job workers log with the conversation id in the MDC.
 *
 * <p>The starter's own {@code jobWorkerManager} bean is unconditional, so this one is
 * {@link Primary}: the starter's {@code @JobWorker} processor takes it and the starter's instance
 * stays unused. Workers fetch {@code conversationId} even when they do not declare it, through
 * {@code camunda.client.worker.defaults.fetch-variables} in application.yml.
 */
@Configuration(proxyBeanMethods = false)
public class JobWorkerLoggingConfig {

  @Bean
  @Primary
  JobWorkerManager conversationMdcJobWorkerManager(
      CommandExceptionHandlingStrategy commandExceptionHandlingStrategy,
      MetricsRecorder metricsRecorder,
      ParameterResolverStrategy parameterResolverStrategy,
      ResultProcessorStrategy resultProcessorStrategy,
      BackoffSupplier backoffSupplier,
      JobExceptionHandlingStrategy jobExceptionHandlingStrategy,
      ObjectProvider<JobIncidents> incidents,
      ObjectProvider<StoreDurability> writes) {
    // Looked up per failure: the incident store needs the document store, which starts later.
    JobIncidents recorder =
        (conversationId, job, reason) -> incidents.getIfAvailable(() -> JobIncidents.NONE).incidentRaised(conversationId, job, reason);
    return new TracedDurableJobWorkerManager(
        commandExceptionHandlingStrategy,
        metricsRecorder,
        parameterResolverStrategy,
        resultProcessorStrategy,
        backoffSupplier,
        new IncidentRecordingExceptionStrategy(jobExceptionHandlingStrategy, recorder),
        recorder,
        StoreDurability.of(writes));
  }
}
