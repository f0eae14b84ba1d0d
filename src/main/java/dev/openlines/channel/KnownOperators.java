package dev.openlines.channel;

/**
 * Whether an operator or a department exists, for channel settings that name them (the queue, the
 * operator-display entries). Channel owns the question so that it depends on no feature that answers it
 * (operator depends on channel).
 */
public interface KnownOperators {

  boolean exists(String operatorId);

  boolean departmentExists(String departmentId);

  /** What a setting naming an operator who does not exist is told to do. */
  static String noOperatorNamed(String operatorId) {
    return "names no operator: create operator '" + operatorId + "' first (POST /api/admin/operators) or remove the entry";
  }
}
