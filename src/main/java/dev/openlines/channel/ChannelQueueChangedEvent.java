package dev.openlines.channel;

/**
 * A channel's settings were saved: its queue, chat limit or exclusion mode may now give waiting
 * conversations a slot they did not have before.
 */
public record ChannelQueueChangedEvent(String channelId) {}
