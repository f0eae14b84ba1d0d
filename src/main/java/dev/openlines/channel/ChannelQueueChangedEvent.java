package dev.openlines.channel;

import java.util.List;

/**
 * A channel's settings were saved: its queue, chat limit or exclusion mode may now give waiting
 * conversations a slot they did not have before, and whoever left its queue should not keep its offers.
 *
 * @param entriesBefore the queue as it was before the save; empty for a channel saved for the first time
 */
public record ChannelQueueChangedEvent(String channelId, List<QueueEntry> entriesBefore) {

  public ChannelQueueChangedEvent {
    entriesBefore = entriesBefore == null ? List.of() : List.copyOf(entriesBefore);
  }
}
