package dev.openlines.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.command.ActivateJobsCommandStep1;
import io.camunda.client.api.command.CompleteJobCommandStep1;
import io.camunda.client.api.command.FailJobCommandStep1;
import io.camunda.client.api.command.StreamJobsCommandStep1;
import io.camunda.client.api.command.ThrowErrorCommandStep1;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** A job's result reaches the engine only after its store writes are durable; a failure does not wait. */
class DurableJobClientTest {

  final List<String> calls = new ArrayList<>();
  final ActivatedJob job = Mockito.mock(ActivatedJob.class);

  final StoreDurability writes = new StoreDurability() {
    @Override
    public Scope deferDurability() {
      calls.add("defer");
      return () -> calls.add("end");
    }

    @Override
    public void awaitDurable() {
      calls.add("durable");
    }
  };

  /** Records which command the handler asked for; the commands themselves are never sent here. */
  final JobClient engine = new JobClient() {
    @Override
    public CompleteJobCommandStep1 newCompleteCommand(long jobKey) {
      calls.add("complete");
      return null;
    }

    @Override
    public CompleteJobCommandStep1 newCompleteCommand(ActivatedJob job) {
      calls.add("complete");
      return null;
    }

    @Override
    public FailJobCommandStep1 newFailCommand(long jobKey) {
      calls.add("fail");
      return null;
    }

    @Override
    public FailJobCommandStep1 newFailCommand(ActivatedJob job) {
      calls.add("fail");
      return null;
    }

    @Override
    public ThrowErrorCommandStep1 newThrowErrorCommand(long jobKey) {
      calls.add("error");
      return null;
    }

    @Override
    public ThrowErrorCommandStep1 newThrowErrorCommand(ActivatedJob job) {
      calls.add("error");
      return null;
    }

    @Override
    public ActivateJobsCommandStep1 newActivateJobsCommand() {
      return null;
    }

    @Override
    public StreamJobsCommandStep1 newStreamJobsCommand() {
      return null;
    }
  };

  @Test
  void aHandlersWritesAreDeferredAndMadeDurableBeforeItCompletesOrThrowsABpmnError() throws Exception {
    TracedDurableJobHandler completing = new TracedDurableJobHandler(
        (client, job) -> {
          calls.add("write");
          client.newCompleteCommand(1L);
        },
        JobIncidents.NONE,
        writes);
    completing.handle(engine, job);
    assertThat(calls).containsExactly("defer", "write", "durable", "complete", "end");

    calls.clear();
    new TracedDurableJobHandler((client, job) -> client.newThrowErrorCommand(2L), JobIncidents.NONE, writes).handle(engine, job);
    assertThat(calls).containsExactly("defer", "durable", "error", "end");
  }

  @Test
  void aFailedJobRunsAgainSoItsFailureDoesNotWaitForTheDisk() throws Exception {
    new TracedDurableJobHandler((client, job) -> client.newFailCommand(3L), JobIncidents.NONE, writes).handle(engine, job);
    assertThat(calls).containsExactly("defer", "fail", "end");
  }
}
