package dev.openlines.operator;

/**
 * An operator may take conversations again: came online, clocked in, or was given back a slot.
 *
 * @param channelId the channel where a slot was freed, or null when the operator became available everywhere
 */
public record OperatorAvailableEvent(String operatorId, String channelId) {}
