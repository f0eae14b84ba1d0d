package dev.openlines.conversation;

import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The steps of the event sub-process "Client did not reply in time" (bpmn/conversation.bpmn). */
@Component
public class ClientSilenceWorker {

  private final ClientSilenceService silence;
  private final ConversationCommands commands;

  public ClientSilenceWorker(ClientSilenceService silence, ConversationCommands commands) {
    this.silence = silence;
    this.commands = commands;
  }

  /** Output {@code inactivityTimeoutAt}: ISO date-time for the timer, or null when no clock runs. */
  @JobWorker(type = Workflow.Job.SILENCE_DEADLINE, fetchVariables = Workflow.Variable.CONVERSATION_ID)
  public Map<String, Object> deadline(@Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(
        Workflow.Variable.INACTIVITY_TIMEOUT_AT, silence.deadlineToWatch(conversationId).map(Object::toString).orElse(null));
    return variables;
  }

  /** Outputs {@code closeForSilence} and the channel's {@code autoCloseText} (empty = none). */
  @JobWorker(type = Workflow.Job.SILENCE_DECIDE, fetchVariables = Workflow.Variable.CONVERSATION_ID)
  public Map<String, Object> decide(@Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId) {
    ClientSilenceService.Decision decision = silence.decide(conversationId);
    return Map.of(
        Workflow.Variable.CLOSE_FOR_SILENCE, decision.close(), Workflow.Variable.AUTO_CLOSE_TEXT, decision.closingText());
  }

  /** Publishes {@code conversation-closed}; the main flow then closes exactly as after an operator's close. */
  @JobWorker(type = Workflow.Job.SILENCE_CLOSE, fetchVariables = Workflow.Variable.CONVERSATION_ID)
  public void close(ActivatedJob job, @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId) {
    commands.closeForSilence(conversationId, "silence-" + job.getElementInstanceKey());
  }
}
