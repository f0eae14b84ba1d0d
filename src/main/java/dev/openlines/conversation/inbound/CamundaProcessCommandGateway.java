package dev.openlines.conversation.inbound;

import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.Map;

/** Sends process commands to Zeebe over the Camunda client (embedded engine or a cluster alike). */
public class CamundaProcessCommandGateway implements ProcessCommandGateway {

  private final CamundaClient client;
  private final Duration requestTimeout;

  public CamundaProcessCommandGateway(CamundaClient client, Duration requestTimeout) {
    this.client = client;
    this.requestTimeout = requestTimeout;
  }

  @Override
  public long startConversation(Map<String, Object> variables) {
    return client
        .newCreateInstanceCommand()
        .bpmnProcessId(Workflow.Process.CONVERSATION)
        .latestVersion()
        .variables(variables)
        .requestTimeout(requestTimeout)
        .send()
        .join()
        .getProcessInstanceKey();
  }

  @Override
  public void publishMessage(
      String name, String correlationKey, String messageId, Duration timeToLive, Map<String, Object> variables) {
    client
        .newPublishMessageCommand()
        .messageName(name)
        .correlationKey(correlationKey)
        .messageId(messageId)
        .timeToLive(timeToLive)
        .variables(variables)
        .requestTimeout(requestTimeout)
        .send()
        .join();
  }
}
