package dev.openlines.workflow;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * What the service does to process instances and jobs besides sending messages ({@link ProcessMessages})
 * and the job workers' own results: recreate a conversation's process after a restart, cancel a second
 * instance, complete a job without blocking a worker thread.
 */
@Component
public class ProcessInstances {

  private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);

  private final CamundaClient client;

  public ProcessInstances(CamundaClient client) {
    this.client = client;
  }

  /**
   * Starts a {@code conversation} instance of the latest model before each of the elements {@code elementIds}
   * (recovery: the process goes on where the lost one waited, with any clock that ran beside that wait).
   *
   * @return the new instance's key
   */
  public long startConversationBefore(List<String> elementIds, Map<String, Object> variables) {
    var create = client
        .newCreateInstanceCommand()
        .bpmnProcessId(Workflow.Process.CONVERSATION)
        .latestVersion()
        .variables(variables);
    for (String elementId : elementIds) {
      create = create.startBeforeElement(elementId);
    }
    return create
        .requestTimeout(CREATE_TIMEOUT)
        .send()
        .join(CREATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .getProcessInstanceKey();
  }

  /** Sends the cancellation without waiting for the engine's answer; the stage tells whether it was taken. */
  public CompletionStage<?> cancelWithoutWaiting(long processInstanceKey) {
    return client.newCancelInstanceCommand(processInstanceKey).send();
  }

  /** Sends the job's completion without waiting for the engine's answer; the stage tells whether it was taken. */
  public CompletionStage<?> completeWithoutWaiting(ActivatedJob job) {
    return client.newCompleteCommand(job).send();
  }
}
