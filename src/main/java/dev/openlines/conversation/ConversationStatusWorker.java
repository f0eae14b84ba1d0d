package dev.openlines.conversation;

import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.CustomHeaders;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.BpmnError;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Service tasks "Mark as ..." write the status named in their {@code status} header onto the conversation. */
@Component
public class ConversationStatusWorker {

  static final String OPENS_RATING_WAIT_HEADER = "opensRatingWait";

  private final ConversationStatusService statuses;

  public ConversationStatusWorker(ConversationStatusService statuses) {
    this.statuses = statuses;
  }

  /**
   * Header {@code opensRatingWait=true} ("Mark as closed" on the operator's close): the rating wait
   * counts from the close, so a client who writes back while the closing text and rating request are
   * still on their way already reopens the same conversation.
   */
  @JobWorker(type = Workflow.Job.RECORD_STATUS)
  public void recordStatus(
      ActivatedJob job,
      @Variable String conversationId,
      @Variable(name = Workflow.Variable.RATING_WAIT, optional = true) String ratingWait,
      @CustomHeaders Map<String, String> headers) {
    ConversationStatus status = ConversationStatus.valueOf(headers.get("status"));
    Duration ratingWaitFromNow =
        Boolean.parseBoolean(headers.get(OPENS_RATING_WAIT_HEADER)) && ratingWait != null ? Duration.parse(ratingWait) : Duration.ZERO;
    if (!statuses.recordStatus(conversationId, status, job.getProcessInstanceKey(), ratingWaitFromNow)) {
      throw new BpmnError(Workflow.Error.UNKNOWN_CONVERSATION, "No stored conversation " + conversationId);
    }
  }
}
