package dev.openlines.channel;

import dev.openlines.crm.CrmSettings;
import java.time.ZoneId;

/**
 * An admin's open channel: {@code id} only on creation (a changed channel keeps its id). Every setting
 * is validated by {@link OpenChannel}'s constraints on save. A request replaces the whole channel: the
 * optional groups left out ({@code crm}, {@code closing}) take their defaults.
 */
public record ChannelRequest(
    String id,
    String name,
    ZoneId timeZone,
    QueueSettings queue,
    CrmSettings crm,
    boolean queueOutsideWorkingHours,
    ClosingSettings closing) {

  OpenChannel toChannel(String channelId) {
    OpenChannel channel = new OpenChannel(channelId, name, timeZone, queue);
    channel.setCrm(crm);
    channel.setQueueOutsideWorkingHours(queueOutsideWorkingHours);
    channel.setClosing(closing);
    return channel;
  }
}
