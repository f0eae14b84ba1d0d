package dev.openlines.routing;

import dev.openlines.conversation.ClientSilenceService;
import dev.openlines.conversation.ConversationTransfers;
import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job adapter of "Give the conversation up for the transfer": the holder's slot is freed before the
 * conversation is routed again to the chosen colleague or channel.
 */
@Component
public class TransferWorker {

  private final ConversationHandOver handOver;
  private final ConversationTransfers transfers;
  private final ClientSilenceService silence;

  TransferWorker(
      ConversationHandOver handOver,
      ConversationTransfers transfers,
      ClientSilenceService silence) {
    this.handOver = handOver;
    this.transfers = transfers;
    this.silence = silence;
  }

  @JobWorker(
      type = Workflow.Job.ROUTING_TRANSFER,
      fetchVariables = {
        Workflow.Variable.CONVERSATION_ID,
        Workflow.Variable.TRANSFER_TO_OPERATOR_ID,
        Workflow.Variable.TRANSFER_TO_CHANNEL_ID
      })
  public Map<String, Object> transfer(
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.TRANSFER_TO_OPERATOR_ID, optional = true) String toOperatorId,
      @Variable(name = Workflow.Variable.TRANSFER_TO_CHANNEL_ID, optional = true) String toChannelId) {
    // Before the holder lets go: from here on a restart must finish the transfer (the request may
    // have come from elsewhere than the operator API, which stored it already).
    transfers.requested(conversationId, toOperatorId, toChannelId);
    handOver.transferOut(conversationId);
    silence.unpinOnHandOver(conversationId);
    boolean toOperator = toOperatorId != null && !toOperatorId.isBlank();
    // Only one target counts: the other one may still hold the target of an earlier transfer.
    Map<String, Object> target = new HashMap<>();
    target.put(Workflow.Variable.TRANSFER_TO_OPERATOR_ID, toOperator ? toOperatorId : null);
    target.put(Workflow.Variable.TRANSFER_TO_CHANNEL_ID, toOperator ? null : toChannelId);
    target.put(Workflow.Variable.OPERATOR_ID, null);
    return target;
  }
}
