package dev.openlines.channel;

import java.time.ZoneId;

/**
 * An admin's open channel: {@code id} only on creation (a changed channel keeps its id). Every setting
 * is validated by {@link OpenChannel}'s constraints on save. A request replaces the whole channel: the
 * optional groups left out ({@code crm}, {@code closing}) take their defaults, {@code active} left out
 * is true, and a channel created without a {@code name} is named "Open Channel N".
 */
public record ChannelRequest(
    String id,
    String name,
    ZoneId timeZone,
    QueueSettings queue,
    CrmSettings crm,
    boolean queueOutsideWorkingHours,
    ClosingSettings closing,
    Boolean active) {

  OpenChannel toChannel(String channelId) {
    return toChannel(channelId, name);
  }

  OpenChannel toChannel(String channelId, String channelName) {
    OpenChannel channel = new OpenChannel(channelId, channelName, timeZone, queue);
    channel.setActive(active);
    channel.setCrm(crm);
    channel.setQueueOutsideWorkingHours(queueOutsideWorkingHours);
    channel.setClosing(closing);
    return channel;
  }
}
