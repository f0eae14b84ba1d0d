package dev.openlines.workflow;

import io.camunda.client.api.command.ActivateJobsCommandStep1;
import io.camunda.client.api.command.CompleteJobCommandStep1;
import io.camunda.client.api.command.FailJobCommandStep1;
import io.camunda.client.api.command.StreamJobsCommandStep1;
import io.camunda.client.api.command.ThrowErrorCommandStep1;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;

/**
 * The job client a handler reports through: before a job is completed or ends in a BPMN error, the
 * handler's store writes are made durable, so that the engine never moves on from a step whose
 * effects a crash could still take back. A failure needs no wait: the job runs again.
 */
final class DurableJobClient implements JobClient {

  private final JobClient delegate;
  private final StoreDurability writes;

  DurableJobClient(JobClient delegate, StoreDurability writes) {
    this.delegate = delegate;
    this.writes = writes;
  }

  @Override
  public CompleteJobCommandStep1 newCompleteCommand(long jobKey) {
    writes.awaitDurable();
    return delegate.newCompleteCommand(jobKey);
  }

  @Override
  public CompleteJobCommandStep1 newCompleteCommand(ActivatedJob job) {
    writes.awaitDurable();
    return delegate.newCompleteCommand(job);
  }

  @Override
  public ThrowErrorCommandStep1 newThrowErrorCommand(long jobKey) {
    writes.awaitDurable();
    return delegate.newThrowErrorCommand(jobKey);
  }

  @Override
  public ThrowErrorCommandStep1 newThrowErrorCommand(ActivatedJob job) {
    writes.awaitDurable();
    return delegate.newThrowErrorCommand(job);
  }

  @Override
  public FailJobCommandStep1 newFailCommand(long jobKey) {
    return delegate.newFailCommand(jobKey);
  }

  @Override
  public FailJobCommandStep1 newFailCommand(ActivatedJob job) {
    return delegate.newFailCommand(job);
  }

  @Override
  public ActivateJobsCommandStep1 newActivateJobsCommand() {
    return delegate.newActivateJobsCommand();
  }

  @Override
  public StreamJobsCommandStep1 newStreamJobsCommand() {
    return delegate.newStreamJobsCommand();
  }
}
