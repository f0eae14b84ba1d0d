package dev.openlines.routing;

import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Messages routing sends to a conversation's process, correlated by conversation id. A short
 * time-to-live bridges the moment between an offer being stored and the process reaching its wait;
 * the engine correlates a buffered message to a process at most once, so a late one is never taken twice.
 */
@Component
class ConversationMessages {

  static final Duration TIME_TO_LIVE = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final CamundaClient client;

  ConversationMessages(CamundaClient client) {
    this.client = client;
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
    client
        .newPublishMessageCommand()
        .messageName(name)
        .correlationKey(conversationId)
        .timeToLive(TIME_TO_LIVE)
        .variables(variables)
        .send()
        .join(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
