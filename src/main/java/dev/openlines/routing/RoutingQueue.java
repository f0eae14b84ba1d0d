package dev.openlines.routing;

import dev.openlines.channel.QueueSettings;
import java.time.ZoneId;

/**
 * The queue a conversation is routed through, after the decision table chose the target.
 *
 * @param channelId the channel whose chat limit the operators' slots are counted against
 */
record RoutingQueue(String channelId, ZoneId timeZone, QueueSettings settings) {}
