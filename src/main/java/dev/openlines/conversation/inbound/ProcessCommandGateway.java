package dev.openlines.conversation.inbound;

import java.time.Duration;
import java.util.Map;

/** Hands process commands to the workflow engine; throws when the engine did not accept them. */
public interface ProcessCommandGateway {

  /** @return the process instance key */
  long startConversation(Map<String, Object> variables);

  void publishMessage(String name, String correlationKey, String messageId, Duration timeToLive, Map<String, Object> variables);
}
