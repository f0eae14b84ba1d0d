package dev.openlines.channel;

/**
 * How many conversations still live on a channel, as a feature that keeps conversations counts them.
 * Live conversations keep their channel: {@link ChannelAdminService#delete} refuses while any count is
 * above 0. Channel owns the question so that it depends on none of the features that answer it.
 */
public interface ChannelConversations {

  long liveOn(String channelId);
}
