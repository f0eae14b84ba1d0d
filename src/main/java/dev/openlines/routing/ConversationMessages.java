package dev.openlines.routing;

import dev.openlines.workflow.ProcessMessages;
import dev.openlines.workflow.Workflow;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Messages routing sends to a conversation's process, published at once through {@link ProcessMessages}:
 * a short time-to-live bridges the moment between an offer being stored and the process reaching its wait;
 * the engine correlates a buffered message to a process at most once, so a late one is never taken twice.
 */
@Component
class ConversationMessages {

  static final Duration TIME_TO_LIVE = ProcessMessages.ROUTING_TIME_TO_LIVE;
  private final ProcessMessages messages;

  ConversationMessages(ProcessMessages messages) {
    this.messages = messages;
  }

  void answered(String conversationId, String operatorId) {
    publish(Workflow.Message.CONVERSATION_ANSWERED, conversationId, Map.of(Workflow.Variable.OPERATOR_ID, operatorId));
  }

  void skipped(String conversationId, String operatorId) {
    publish(Workflow.Message.OFFER_SKIPPED, conversationId, Map.of(Workflow.Variable.SKIPPED_OPERATOR_ID, operatorId));
  }

  void operatorAvailable(String conversationId) {
    publish(Workflow.Message.OPERATOR_AVAILABLE, conversationId, Map.of());
  }

  private void publish(String name, String conversationId, Map<String, Object> variables) {
    messages.send(name, conversationId, null, variables);
  }
}
