package dev.openlines.channel;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** One place in a channel's queue: a single operator, or every member of a department. */
public record QueueEntry(@NotNull Kind kind, @NotBlank String id) {

  public enum Kind {
    OPERATOR,
    DEPARTMENT
  }

  public static QueueEntry operator(String operatorId) {
    return new QueueEntry(Kind.OPERATOR, operatorId);
  }

  public static QueueEntry department(String departmentId) {
    return new QueueEntry(Kind.DEPARTMENT, departmentId);
  }
}
