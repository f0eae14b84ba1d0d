package dev.openlines.operator;

import dev.openlines.api.ProblemField;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/** A range of whole days, both ends included. */
public record DateRange(@NotNull LocalDate from, @NotNull LocalDate to) {

  public boolean contains(LocalDate day) {
    return !day.isBefore(from) && !day.isAfter(to);
  }

  @AssertTrue(message = "must not end before it starts")
  @ProblemField("to")
  boolean isOrdered() {
    return from == null || to == null || !to.isBefore(from);
  }
}
