package dev.openlines.routing;

import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Job adapter of "Free the operator's slot" and "Withdraw open offers": routing is done with the conversation. */
@Component
public class RoutingCloseWorker {

  private final ConversationRelease release;

  RoutingCloseWorker(ConversationRelease release) {
    this.release = release;
  }

  @JobWorker(type = Workflow.Job.ROUTING_CLOSE, fetchVariables = Workflow.Variable.CONVERSATION_ID)
  public Map<String, Object> close(@Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId) {
    release.close(conversationId);
    return Map.of();
  }
}
