package dev.openlines.routing;

import dev.openlines.conversation.StepKeys;
import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.CustomHeaders;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Job adapters of the "Find an operator" sub-process; the logic is in {@link RoutingService}. */
@Component
public class RoutingWorker {

  /** Header {@code release} of routing.release tasks. */
  static final String RELEASE_HEADER = "release";
  static final String RELEASE_OFFER = "offer";
  static final String RELEASE_CONVERSATION = "conversation";

  private final RoutingService routing;
  private final StepKeys stepKeys;

  public RoutingWorker(RoutingService routing, StepKeys stepKeys) {
    this.routing = routing;
    this.stepKeys = stepKeys;
  }

  @JobWorker(
      type = Workflow.Job.ROUTING_CHECK_RESPONSIBLE,
      fetchVariables = {Workflow.Variable.CHANNEL_ID, Workflow.Variable.RESPONSIBLE_OPERATOR_ID})
  public Map<String, Object> checkResponsible(
      @Variable(name = Workflow.Variable.CHANNEL_ID) String channelId,
      @Variable(name = Workflow.Variable.RESPONSIBLE_OPERATOR_ID, optional = true) String responsibleOperatorId) {
    return Map.of(Workflow.Variable.RESPONSIBLE_ONLINE, routing.canTake(responsibleOperatorId, channelId));
  }

  @JobWorker(
      type = Workflow.Job.ROUTING_OFFER,
      fetchVariables = {
        Workflow.Variable.CONVERSATION_ID,
        Workflow.Variable.CHANNEL_ID,
        Workflow.Variable.DISTRIBUTION,
        Workflow.Variable.RESPONSIBLE_OPERATOR_ID,
        Workflow.Variable.TRANSFER_TO_OPERATOR_ID,
        Workflow.Variable.TRANSFER_TO_CHANNEL_ID,
        Workflow.Variable.NO_ANSWER_AT
      })
  public Map<String, Object> offer(
      ActivatedJob job,
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.CHANNEL_ID) String channelId,
      @Variable(name = Workflow.Variable.DISTRIBUTION, optional = true) Distribution distribution,
      @Variable(name = Workflow.Variable.RESPONSIBLE_OPERATOR_ID, optional = true) String responsibleOperatorId,
      @Variable(name = Workflow.Variable.TRANSFER_TO_OPERATOR_ID, optional = true) String transferToOperatorId,
      @Variable(name = Workflow.Variable.TRANSFER_TO_CHANNEL_ID, optional = true) String transferToChannelId,
      @Variable(name = Workflow.Variable.NO_ANSWER_AT, optional = true) String noAnswerAt) {
    OfferResult result =
        routing.offer(
            stepKeys.attempt(job),
            new OfferRequest(
                conversationId,
                channelId,
                distribution,
                responsibleOperatorId,
                transferToOperatorId,
                transferToChannelId,
                noAnswerAt == null ? null : OffsetDateTime.parse(noAnswerAt).toInstant()));
    return Map.of(
        Workflow.Variable.OFFERED_OPERATOR_IDS, result.operatorIds(),
        Workflow.Variable.DISTRIBUTION_MODE, result.mode().name(),
        Workflow.Variable.IDLE_TIME, result.idleTime().toString(),
        Workflow.Variable.OFFER_ROUND, result.round());
  }

  @JobWorker(
      type = Workflow.Job.ROUTING_HAND_OVER,
      fetchVariables = {Workflow.Variable.CONVERSATION_ID, Workflow.Variable.INTERCEPTING_OPERATOR_ID})
  public Map<String, Object> handOver(
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.INTERCEPTING_OPERATOR_ID) String interceptingOperatorId) {
    return routing
        .handOver(conversationId, interceptingOperatorId)
        .<Map<String, Object>>map(operatorId -> Map.of(Workflow.Variable.OPERATOR_ID, operatorId))
        .orElse(Map.of());
  }

  /** Header release=offer: withdraw the current offer; release=conversation: the conversation ended. */
  @JobWorker(type = Workflow.Job.ROUTING_RELEASE, fetchVariables = Workflow.Variable.CONVERSATION_ID)
  public Map<String, Object> release(
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @CustomHeaders Map<String, String> headers) {
    String what = headers.getOrDefault(RELEASE_HEADER, "");
    switch (what) {
      case RELEASE_OFFER -> {
        Map<String, Object> variables = new HashMap<>();
        routing
            .withdraw(conversationId)
            .ifPresentOrElse(
                operatorId -> {
                  variables.put(Workflow.Variable.ANSWERED_MEANWHILE, true);
                  variables.put(Workflow.Variable.OPERATOR_ID, operatorId);
                },
                () -> variables.put(Workflow.Variable.ANSWERED_MEANWHILE, false));
        return variables;
      }
      case RELEASE_CONVERSATION -> {
        routing.close(conversationId);
        return Map.of();
      }
      default ->
          throw new IllegalStateException(
              "Task header '" + RELEASE_HEADER + "' must be '" + RELEASE_OFFER + "' or '" + RELEASE_CONVERSATION + "', was '" + what + "'");
    }
  }
}
