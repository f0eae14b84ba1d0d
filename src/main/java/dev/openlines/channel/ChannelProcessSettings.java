package dev.openlines.channel;

import dev.openlines.workflow.Workflow;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The channel settings the conversation process branches on, as process variables: read once at the
 * start ("Read the channel's settings"), and again when a restart recreates a process mid-way.
 */
@Service
public class ChannelProcessSettings {

  private final ChannelService channels;
  private final BotSettingsService bots;

  public ChannelProcessSettings(ChannelService channels, BotSettingsService bots) {
    this.channels = channels;
    this.bots = bots;
  }

  /** @throws ChannelNotFoundException for an unknown channel */
  public Map<String, Object> variables(String channelId) {
    OpenChannel channel = channels.get(channelId);
    BotSettings bot = bots.of(channelId);
    return Map.of(
        Workflow.Variable.LEAD_CREATION_MODE, channel.getCrm().leadCreation().name(),
        Workflow.Variable.ROUTE_TO_RESPONSIBLE, channel.getCrm().routeToResponsible(),
        Workflow.Variable.QUEUE_OUTSIDE_WORKING_HOURS, channel.isQueueOutsideWorkingHours(),
        Workflow.Variable.RATING_WAIT, channel.getClosing().ratingWait().toString(),
        Workflow.Variable.CLOSE_ON_RATING, channel.getClosing().closeOnRating(),
        Workflow.Variable.BOT_ENABLED, bot.enabled(),
        Workflow.Variable.BOT_SILENCE_TIMEOUT, bot.silenceTimeout().toString());
  }
}
