package dev.openlines.operator;

import java.util.Set;

/**
 * An admin saved an operator: they may have left a department a channel's queue names, or begun a
 * vacation, and so no longer be someone routing offers conversations to.
 *
 * @param departmentsBefore the departments they belonged to before the save
 */
public record OperatorSettingsChangedEvent(String operatorId, Set<String> departmentsBefore) {

  public OperatorSettingsChangedEvent {
    departmentsBefore = departmentsBefore == null ? Set.of() : Set.copyOf(departmentsBefore);
  }
}
