package dev.openlines.workflow.outbox;

import java.time.Duration;
import java.util.Map;

/**
 * Hands process commands to the workflow engine; throws when the engine did not accept them. A throw
 * does not prove the engine did nothing (the reply may have been lost), so every command must be safe
 * to send again.
 */
public interface ProcessCommandGateway {

  /**
   * Starts the conversation's process. Sending it again while that process runs starts no second
   * instance.
   */
  void startConversation(String conversationId, String commandId, Map<String, Object> variables);

  void publishMessage(String name, String correlationKey, String messageId, Duration timeToLive, Map<String, Object> variables);
}
