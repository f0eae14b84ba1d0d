package dev.openlines.operator;

/**
 * An admin saved an operator: they may have left a department a channel's queue names, or begun a
 * vacation, and so no longer be someone routing offers conversations to.
 */
public record OperatorSettingsChangedEvent(String operatorId) {}
