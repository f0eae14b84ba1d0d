package dev.openlines.conversation;

import dev.openlines.conversation.ConversationDeadlines.Deadline;
import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.CustomHeaders;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.CamundaError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * "Set the ... deadline" ({@code conversation.set-deadline}) stores when a timer of the conversation
 * fires and hands it to the timer as an ISO date-time variable (named after the deadline, e.g.
 * {@code ratingWaitEndsAt}); "Clear the ... deadline" ({@code conversation.clear-deadline}) removes
 * it once the awaited thing happened. Both name the deadline in their {@code deadline} header.
 */
@Component
public class DeadlineWorker {

  private final ConversationDeadlineService deadlines;
  private final Clock clock;
  private final StepKeys stepKeys;

  public DeadlineWorker(ConversationDeadlineService deadlines, Clock clock, StepKeys stepKeys) {
    this.deadlines = deadlines;
    this.clock = clock;
    this.stepKeys = stepKeys;
  }

  /**
   * Input {@code deadlineIn}: how long from now, as an ISO-8601 duration (e.g. {@code PT30M}); or {@code deadlineAt}:
   * the instant itself, as an ISO-8601 date-time, where the model computed it from an earlier moment.
   */
  @JobWorker(type = Workflow.Job.SET_DEADLINE)
  public Map<String, Object> setDeadline(
      ActivatedJob job,
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.DEADLINE_IN, optional = true) String deadlineIn,
      @Variable(name = Workflow.Variable.DEADLINE_AT, optional = true) String deadlineAt,
      @CustomHeaders Map<String, String> headers) {
    Deadline deadline = deadline(headers);
    Instant at = deadlineAt != null ? instant(deadlineAt) : clock.instant().plus(duration(deadlineIn));
    var due =
        deadlines.armOnce(conversationId, deadline, at, stepKeys.step(job))
            .orElseThrow(() -> new BpmnError(Workflow.Error.UNKNOWN_CONVERSATION, "No stored conversation " + conversationId));
    return Map.of(deadline.variable(), due.toString());
  }

  @JobWorker(type = Workflow.Job.CLEAR_DEADLINE)
  public void clearDeadline(
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @CustomHeaders Map<String, String> headers) {
    deadlines.clear(conversationId, deadline(headers));
  }

  private static Deadline deadline(Map<String, String> headers) {
    String name = headers.get(Workflow.Header.DEADLINE);
    try {
      return Deadline.valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw modellingMistake("Header 'deadline' must be one of " + java.util.Arrays.toString(Deadline.values()) + ", was " + name, e);
    }
  }

  private static Instant instant(String deadlineAt) {
    try {
      // An offset (as FEEL's string() of a date-time with an offset gives it) or a zone id in brackets.
      return ZonedDateTime.parse(deadlineAt).toInstant();
    } catch (DateTimeParseException e) {
      throw modellingMistake("Variable 'deadlineAt' must be an ISO-8601 date-time such as 2026-01-31T09:30:00Z, was " + deadlineAt, e);
    }
  }

  private static Duration duration(String deadlineIn) {
    try {
      Duration after = Duration.parse(deadlineIn);
      if (after.isNegative()) {
        throw modellingMistake("Variable 'deadlineIn' must not be negative, was " + deadlineIn, null);
      }
      return after;
    } catch (DateTimeParseException | NullPointerException e) {
      throw modellingMistake("Variable 'deadlineIn' must be an ISO-8601 duration such as PT30M, was " + deadlineIn, e);
    }
  }

  /** Retrying cannot fix the model: raise the incident at once. */
  private static CamundaError modellingMistake(String message, Exception cause) {
    return CamundaError.jobError(message, null, 0, Duration.ZERO, cause);
  }
}
