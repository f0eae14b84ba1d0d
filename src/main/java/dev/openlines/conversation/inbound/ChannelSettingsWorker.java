package dev.openlines.conversation.inbound;

import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Service task "Read the channel's settings" of earlier versions of the conversation model: the current
 * one gets these settings with its start variables ({@code ConversationStartVariables}), but instances of
 * an earlier version still running on a Camunda cluster after an upgrade reach this step and need it.
 */
@Component
public class ChannelSettingsWorker {

  private final ChannelProcessSettings settings;

  public ChannelSettingsWorker(ChannelProcessSettings settings) {
    this.settings = settings;
  }

  /** An unknown channel fails the job (incident): the conversation cannot be handled without its channel. */
  @JobWorker(type = Workflow.Job.READ_CHANNEL_SETTINGS)
  public Map<String, Object> read(@Variable(name = Workflow.Variable.CHANNEL_ID) String channelId) {
    return settings.variables(channelId);
  }
}
