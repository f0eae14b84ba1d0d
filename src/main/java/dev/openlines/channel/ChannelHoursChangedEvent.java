package dev.openlines.channel;

/**
 * A channel's working hours, or whether it queues conversations outside them, were saved with a new value:
 * conversations held until the channel opens may be served now, or later than they were told.
 */
public record ChannelHoursChangedEvent(String channelId) {}
