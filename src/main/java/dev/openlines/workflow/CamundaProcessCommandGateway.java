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
   * Publishes the start message of the conversation process with the conversation id as correlation
   * key. While an instance started by that message with that key is active, Zeebe creates no other
   * one, so a start resent after a lost reply is dropped by the engine. Time to live zero: a start
   * message must never be buffered, or it would start a second instance once the first one ended.
   * The process records its own instance key (job {@code conversation.link-process}).
   */
  @Override
  public void startConversation(String conversationId, String commandId, Map<String, Object> variables) {
    publishMessage(Workflow.Message.CONVERSATION_OPENED, conversationId, commandId, Duration.ZERO, variables);
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
