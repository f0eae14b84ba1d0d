package dev.openlines.conversation;

import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.CustomHeaders;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.BpmnError;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Service tasks "Mark as ..." write the status named in their {@code status} header onto the conversation. */
@Component
public class ConversationStatusWorker {

  private final ConversationStatusService statuses;

  public ConversationStatusWorker(ConversationStatusService statuses) {
    this.statuses = statuses;
  }

  @JobWorker(type = Workflow.Job.RECORD_STATUS)
  public void recordStatus(
      ActivatedJob job, @Variable String conversationId, @CustomHeaders Map<String, String> headers) {
    ConversationStatus status = ConversationStatus.valueOf(headers.get("status"));
    if (!statuses.recordStatus(conversationId, status, job.getProcessInstanceKey())) {
      throw new BpmnError(Workflow.Error.UNKNOWN_CONVERSATION, "No stored conversation " + conversationId);
    }
  }
}
