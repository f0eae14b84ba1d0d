package dev.openlines.workflow;

import dev.openlines.workflow.outbox.ProcessCommandGateway;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.PublishMessageCommandStep1.PublishMessageCommandStep3;
import java.time.Duration;
import java.util.Map;

/**
 * Sends messages to Zeebe over the Camunda client (embedded engine or a cluster alike): the one place
 * that publishes. Callers reach it through {@link ProcessMessages}, which decides the message's id and
 * time to live, and through the outbox relay, which delivers what {@link ProcessMessages} queued.
 */
public class CamundaProcessCommandGateway implements ProcessCommandGateway {

  private final CamundaClient client;
  private final Duration requestTimeout;

  public CamundaProcessCommandGateway(CamundaClient client, Duration requestTimeout) {
    this.client = client;
    this.requestTimeout = requestTimeout;
  }

  /**
   * Creates the conversation's process instance with its start variables. A start sent again after a lost
   * answer creates a second instance; its first step ({@code conversation.link-process}) finds the
   * conversation linked to the first one and cancels it before it did anything. Created rather than started
   * by a message: a message start event writes every start variable twice (at the start event, then in the
   * process), and the start variables are most of what the engine writes before the first offer.
   */
  @Override
  public void startConversation(String conversationId, String commandId, Map<String, Object> variables) {
    client.newCreateInstanceCommand()
        .bpmnProcessId(Workflow.Process.CONVERSATION)
        .latestVersion()
        .variables(variables)
        .requestTimeout(requestTimeout)
        .send()
        .join();
  }

  /** @param messageId null: the engine keeps every publication (no deduplication) */
  @Override
  public void publishMessage(
      String name, String correlationKey, String messageId, Duration timeToLive, Map<String, Object> variables) {
    PublishMessageCommandStep3 command = client.newPublishMessageCommand().messageName(name).correlationKey(correlationKey);
    if (messageId != null) {
      command = command.messageId(messageId);
    }
    command.timeToLive(timeToLive).variables(variables).requestTimeout(requestTimeout).send().join();
  }
}
