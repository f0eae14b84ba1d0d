package dev.openlines.channel;

import java.time.ZoneId;

/**
 * An admin's open channel: {@code id} only on creation (a changed channel keeps its id). Every setting
 * is validated by {@link OpenChannel}'s constraints on save.
 */
public record ChannelRequest(String id, String name, ZoneId timeZone, QueueSettings queue) {

  OpenChannel toChannel(String channelId) {
    return new OpenChannel(channelId, name, timeZone, queue);
  }
}
