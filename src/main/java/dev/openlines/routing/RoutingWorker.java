package dev.openlines.routing;

import dev.openlines.conversation.StepKeys;
import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job adapters of the "Find an operator" sub-process up to the offer. The other routing steps have their
 * own workers: {@link OfferWithdrawalWorker}, {@link RoutingCloseWorker}, {@link HandOverWorker},
 * {@link TransferWorker}.
 */
@Component
public class RoutingWorker {

  private final RoutingQueues queues;
  private final OfferRound offerRound;
  private final StepKeys stepKeys;

  RoutingWorker(RoutingQueues queues, OfferRound offerRound, StepKeys stepKeys) {
    this.queues = queues;
    this.offerRound = offerRound;
    this.stepKeys = stepKeys;
  }

  /**
   * Inputs of the decisions before the offer: is the responsible operator online, and the distribution mode
   * of the channel whose queue takes the conversation. The model runs it only for a client with a responsible
   * operator or a transfer to another channel; otherwise the start variables and the latest offer give the mode.
   */
  @JobWorker(
      type = Workflow.Job.ROUTING_CHECK_RESPONSIBLE,
      fetchVariables = {
        Workflow.Variable.CHANNEL_ID,
        Workflow.Variable.RESPONSIBLE_OPERATOR_ID,
        Workflow.Variable.TRANSFER_TO_CHANNEL_ID
      })
  public Map<String, Object> checkResponsible(
      @Variable(name = Workflow.Variable.CHANNEL_ID) String channelId,
      @Variable(name = Workflow.Variable.RESPONSIBLE_OPERATOR_ID, optional = true) String responsibleOperatorId,
      @Variable(name = Workflow.Variable.TRANSFER_TO_CHANNEL_ID, optional = true) String transferToChannelId) {
    return Map.of(
        Workflow.Variable.RESPONSIBLE_ONLINE, queues.canTake(responsibleOperatorId, channelId),
        Workflow.Variable.CHANNEL_DISTRIBUTION_MODE, queues.channelMode(channelId, transferToChannelId).name());
  }

  @JobWorker(
      type = Workflow.Job.ROUTING_OFFER,
      fetchVariables = {
        Workflow.Variable.CONVERSATION_ID,
        Workflow.Variable.CHANNEL_ID,
        Workflow.Variable.DISTRIBUTION,
        Workflow.Variable.OPERATOR_PICKER,
        Workflow.Variable.CHANNEL_DISTRIBUTION_MODE,
        Workflow.Variable.RESPONSIBLE_OPERATOR_ID,
        Workflow.Variable.TRANSFER_TO_OPERATOR_ID,
        Workflow.Variable.TRANSFER_TO_CHANNEL_ID,
        Workflow.Variable.NO_ANSWER_AT,
        Workflow.Variable.FIRST_REPLY_COUNTS_FROM
      })
  public Map<String, Object> offer(
      ActivatedJob job,
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.CHANNEL_ID) String channelId,
      @Variable(name = Workflow.Variable.DISTRIBUTION, optional = true) Distribution distribution,
      // Absent in instances of model versions before the decision operator-picker: the queue's mode picks.
      @Variable(name = Workflow.Variable.OPERATOR_PICKER, optional = true) String operatorPicker,
      // What that decision read: from the start or the previous offer when the model skipped the check.
      @Variable(name = Workflow.Variable.CHANNEL_DISTRIBUTION_MODE, optional = true) String channelDistributionMode,
      @Variable(name = Workflow.Variable.RESPONSIBLE_OPERATOR_ID, optional = true) String responsibleOperatorId,
      @Variable(name = Workflow.Variable.TRANSFER_TO_OPERATOR_ID, optional = true) String transferToOperatorId,
      @Variable(name = Workflow.Variable.TRANSFER_TO_CHANNEL_ID, optional = true) String transferToChannelId,
      @Variable(name = Workflow.Variable.NO_ANSWER_AT, optional = true) String noAnswerAt,
      @Variable(name = Workflow.Variable.FIRST_REPLY_COUNTS_FROM, optional = true) String waitingSince) {
    OfferResult result =
        offerRound.offer(
            stepKeys.attempt(job),
            new OfferRequest(
                conversationId,
                channelId,
                distribution,
                responsibleOperatorId,
                transferToOperatorId,
                transferToChannelId,
                noAnswerAt == null ? null : OffsetDateTime.parse(noAnswerAt).toInstant(),
                operatorPicker,
                channelDistributionMode,
                waitingSince == null ? null : OffsetDateTime.parse(waitingSince).toInstant()));
    return Map.of(
        Workflow.Variable.OFFERED_OPERATOR_IDS, result.operatorIds(),
        Workflow.Variable.DISTRIBUTION_MODE, result.mode().name(),
        Workflow.Variable.IDLE_TIME, result.idleTime().toString(),
        Workflow.Variable.OFFER_ROUND, result.round(),
        // The next round's decision reads the channel's mode as it is now, without a job to look it up.
        Workflow.Variable.CHANNEL_DISTRIBUTION_MODE, result.channelMode().name());
  }
}
