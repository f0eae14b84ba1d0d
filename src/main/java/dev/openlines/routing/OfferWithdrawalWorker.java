package dev.openlines.routing;

import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Job adapter of "Withdraw the offer" (idle time over, skipped, another operator available for everyone). */
@Component
public class OfferWithdrawalWorker {

  private final OfferWithdrawal withdrawal;

  OfferWithdrawalWorker(OfferWithdrawal withdrawal) {
    this.withdrawal = withdrawal;
  }

  /** Returns whether an operator answered just before the offer was withdrawn, and who. */
  @JobWorker(type = Workflow.Job.ROUTING_WITHDRAW_OFFER, fetchVariables = Workflow.Variable.CONVERSATION_ID)
  public Map<String, Object> withdrawOffer(@Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId) {
    return answeredMeanwhile(withdrawal, conversationId);
  }

  static Map<String, Object> answeredMeanwhile(OfferWithdrawal withdrawal, String conversationId) {
    return withdrawal
        .withdraw(conversationId)
        .<Map<String, Object>>map(
            operatorId -> Map.of(Workflow.Variable.ANSWERED_MEANWHILE, true, Workflow.Variable.OPERATOR_ID, operatorId))
        .orElse(Map.of(Workflow.Variable.ANSWERED_MEANWHILE, false));
  }
}
