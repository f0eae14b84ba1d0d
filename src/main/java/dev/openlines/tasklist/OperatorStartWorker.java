package dev.openlines.tasklist;

import dev.openlines.conversation.StepKeys;
import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.BpmnError;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Job adapters of the operator-start branch of the conversation model; the logic is in {@link OperatorStartHandOver}. */
@Component
public class OperatorStartWorker {

  private final OperatorStartHandOver handOver;
  private final StepKeys stepKeys;

  public OperatorStartWorker(OperatorStartHandOver handOver, StepKeys stepKeys) {
    this.handOver = handOver;
    this.stepKeys = stepKeys;
  }

  /** "Assign to the operator who started it": sets operatorId; OPERATOR_CANNOT_TAKE while they cannot take it. */
  @JobWorker(
      type = Workflow.Job.OPERATOR_START_ASSIGN,
      fetchVariables = {Workflow.Variable.CONVERSATION_ID, Workflow.Variable.CHANNEL_ID, Workflow.Variable.STARTED_BY_OPERATOR_ID})
  public Map<String, Object> assign(
      ActivatedJob job,
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.CHANNEL_ID) String channelId,
      @Variable(name = Workflow.Variable.STARTED_BY_OPERATOR_ID) String operatorId) {
    if (!handOver.assign(stepKeys.attempt(job), conversationId, channelId, operatorId)) {
      throw new BpmnError(Workflow.Error.OPERATOR_CANNOT_TAKE,
          "Operator " + operatorId + " cannot take conversation " + conversationId + " now (offline or at their limit)");
    }
    return Map.of(Workflow.Variable.OPERATOR_ID, operatorId);
  }

  /** "Send the operator's first text". */
  @JobWorker(type = Workflow.Job.OPERATOR_START_SEND_FIRST_TEXT, fetchVariables = Workflow.Variable.CONVERSATION_ID)
  public void sendFirstText(@Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId) {
    handOver.sendFirstText(conversationId);
  }
}
