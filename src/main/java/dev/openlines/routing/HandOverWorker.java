package dev.openlines.routing;

import dev.openlines.conversation.ConversationTransfers;
import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Job adapter of "Hand the conversation and its slot to the colleague" (a colleague takes it over). */
@Component
public class HandOverWorker {

  private final ConversationHandOver handOver;
  private final ConversationTransfers transfers;

  HandOverWorker(ConversationHandOver handOver, ConversationTransfers transfers) {
    this.handOver = handOver;
    this.transfers = transfers;
  }

  @JobWorker(
      type = Workflow.Job.ROUTING_HAND_OVER,
      fetchVariables = {Workflow.Variable.CONVERSATION_ID, Workflow.Variable.INTERCEPTING_OPERATOR_ID})
  public Map<String, Object> handOver(
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.INTERCEPTING_OPERATOR_ID) String interceptingOperatorId) {
    Map<String, Object> holder = handOver
        .handOver(conversationId, interceptingOperatorId)
        .<Map<String, Object>>map(operatorId -> Map.of(Workflow.Variable.OPERATOR_ID, operatorId))
        .orElse(Map.of());
    // Handed over (or nothing to hand over): the next take-over may be asked for, and the new holder may transfer.
    transfers.takeOverDone(conversationId);
    return holder;
  }
}
