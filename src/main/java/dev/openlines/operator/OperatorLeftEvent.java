package dev.openlines.operator;

/**
 * An operator can take no conversations for now: went away or offline, clocked out, or was dismissed.
 * The offers still open to them should not wait for the channel's idle time.
 */
public record OperatorLeftEvent(String operatorId) {}
