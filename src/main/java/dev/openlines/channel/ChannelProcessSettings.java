package dev.openlines.channel;

import dev.openlines.workflow.Workflow;
import java.util.Map;

/**
 * The channel settings the conversation process branches on, as process variables: given once by
 * "Read the channel's settings" at the start, and again to a process recreated after a restart.
 */
public final class ChannelProcessSettings {

  private ChannelProcessSettings() {}

  public static Map<String, Object> variables(OpenChannel channel) {
    return Map.of(
        Workflow.Variable.LEAD_CREATION_MODE, channel.getCrm().leadCreation().name(),
        Workflow.Variable.QUEUE_OUTSIDE_WORKING_HOURS, channel.isQueueOutsideWorkingHours(),
        Workflow.Variable.RATING_WAIT, channel.getClosing().ratingWait().toString(),
        Workflow.Variable.CLOSE_ON_RATING, channel.getClosing().closeOnRating());
  }
}
