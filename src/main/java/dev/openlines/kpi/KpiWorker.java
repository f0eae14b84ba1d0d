package dev.openlines.kpi;

import dev.openlines.channel.KpiLimit;
import dev.openlines.conversation.StepKeys;
import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.CustomHeaders;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * "Start the response clock" ({@code kpi.start-clock}) and "Notify supervisors of the late reply"
 * ({@code kpi.notify}); both name the limit in their {@code limit} header.
 */
@Component
public class KpiWorker {

  private final KpiService kpi;
  private final StepKeys stepKeys;

  public KpiWorker(KpiService kpi, StepKeys stepKeys) {
    this.kpi = kpi;
    this.stepKeys = stepKeys;
  }

  /** Returns {@code kpiDueAt} (ISO date-time for a timer's timeDate), null when the limit is not tracked. */
  @JobWorker(type = Workflow.Job.KPI_START_CLOCK)
  public Map<String, Object> startClock(
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.CHANNEL_ID) String channelId,
      @CustomHeaders Map<String, String> headers) {
    Map<String, Object> result = new HashMap<>();
    result.put(Workflow.Variable.KPI_DUE_AT,
        kpi.replyDue(conversationId, channelId, limit(headers)).map(Instant::toString).orElse(null));
    return result;
  }

  @JobWorker(type = Workflow.Job.KPI_NOTIFY)
  public void notifySupervisors(
      ActivatedJob job,
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.CHANNEL_ID) String channelId,
      @Variable(name = Workflow.Variable.OPERATOR_ID, optional = true) String operatorId,
      @Variable(name = Workflow.Variable.FIRST_REPLY_DUE_AT, optional = true) String firstReplyDueAt,
      @Variable(name = Workflow.Variable.KPI_DUE_AT, optional = true) String replyDueAt,
      @CustomHeaders Map<String, String> headers) {
    KpiLimit limit = limit(headers);
    kpi.recordBreach(conversationId, channelId, limit, operatorId, breachKey(job, limit, firstReplyDueAt, replyDueAt));
  }

  /**
   * What makes two reports the same breach: the deadline that ran out. A process recreated after a restart waits
   * for the same deadline, and its timer, already past, fires again; the supervisors heard of that breach before.
   * Instances of earlier models without a stored deadline: the step.
   */
  private String breachKey(ActivatedJob job, KpiLimit limit, String firstReplyDueAt, String replyDueAt) {
    String due = limit == KpiLimit.FIRST_RESPONSE ? firstReplyDueAt : replyDueAt;
    return due == null ? stepKeys.step(job) : limit.name() + "@" + due;
  }

  private static KpiLimit limit(Map<String, String> headers) {
    String limit = headers.get(Workflow.Header.LIMIT);
    try {
      return KpiLimit.valueOf(limit);
    } catch (IllegalArgumentException | NullPointerException e) {
      // A modelling mistake: retrying cannot fix it, so raise the incident at once.
      throw CamundaError.jobError("Header 'limit' must be FIRST_RESPONSE or SUBSEQUENT_RESPONSE, was " + limit, null, 0, Duration.ZERO, e);
    }
  }
}
