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
   * Starts the conversation's process. Sent again, it may create a second instance, which cancels itself
   * in its first step ({@code conversation.link-process}) because the conversation is linked to the first.
   */
  void startConversation(String conversationId, String commandId, Map<String, Object> variables);

  void publishMessage(String name, String correlationKey, String messageId, Duration timeToLive, Map<String, Object> variables);
}
