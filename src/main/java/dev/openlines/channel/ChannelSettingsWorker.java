package dev.openlines.channel;

import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Service task "Read the channel's settings": hands the process the channel settings its gateways and
 * decisions read, once at the start, so the model never needs Java to branch.
 */
@Component
public class ChannelSettingsWorker {

  private final ChannelService channels;

  public ChannelSettingsWorker(ChannelService channels) {
    this.channels = channels;
  }

  /** An unknown channel fails the job (incident): the conversation cannot be handled without its channel. */
  @JobWorker(type = Workflow.Job.READ_CHANNEL_SETTINGS)
  public Map<String, Object> read(@Variable(name = Workflow.Variable.CHANNEL_ID) String channelId) {
    return ChannelProcessSettings.variables(channels.get(channelId));
  }
}
