package dev.openlines.conversation;

import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The rating wait's steps that decide between reopening and ending (bpmn/conversation.bpmn). */
@Component
public class RatingWaitWorker {

  private final RatingWaitService ratingWait;

  public RatingWaitWorker(RatingWaitService ratingWait) {
    this.ratingWait = ratingWait;
  }

  @JobWorker(type = Workflow.Job.CHECK_RATING_WAIT, fetchVariables = Workflow.Variable.CONVERSATION_ID)
  public Map<String, Object> check(@Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId) {
    return Map.of(Workflow.Variable.RATING_WAIT_OUTCOME, ratingWait.check(conversationId).name());
  }

  /** Output {@code operatorId}: the operator who has the conversation again. */
  @JobWorker(type = Workflow.Job.REOPEN, fetchVariables = Workflow.Variable.CONVERSATION_ID)
  public Map<String, Object> reopen(ActivatedJob job, @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId) {
    return ratingWait
        .reopen(conversationId, job.getProcessInstanceKey())
        .<Map<String, Object>>map(operatorId -> Map.of(Workflow.Variable.OPERATOR_ID, operatorId))
        .orElse(Map.of());
  }
}
