package dev.openlines.operator;

/**
 * An admin saved an operator with other departments: a channel whose queue names a department they left
 * no longer offers them its conversations.
 */
public record OperatorDepartmentsChangedEvent(String operatorId) {}
