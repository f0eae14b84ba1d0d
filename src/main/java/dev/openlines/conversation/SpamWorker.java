package dev.openlines.conversation;

import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.exception.BpmnError;
import org.springframework.stereotype.Component;

/** Service task "Flag the client as spammer" ({@code conversation.flag-spam}) on the spam path. */
@Component
public class SpamWorker {

  private final ConversationAddresses addresses;
  private final ClientFlagService flags;

  public SpamWorker(ConversationAddresses addresses, ClientFlagService flags) {
    this.addresses = addresses;
    this.flags = flags;
  }

  @JobWorker(type = Workflow.Job.FLAG_SPAM)
  public void flagClient(
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.OPERATOR_ID, optional = true) String operatorId) {
    Conversation address =
        addresses.find(conversationId)
            .orElseThrow(() -> new BpmnError(Workflow.Error.UNKNOWN_CONVERSATION, "No stored conversation " + conversationId));
    flags.flagSpam(address.getConnectorId(), address.getClientId(), conversationId, operatorId);
  }
}
