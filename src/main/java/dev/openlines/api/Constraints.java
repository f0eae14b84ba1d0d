package dev.openlines.api;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

/** Checks a whole document against its Jakarta constraints before it is stored. */
public final class Constraints {

  private Constraints() {}

  /**
   * @return {@code value}, when it is valid
   * @throws ConstraintViolationException naming every field to fix (a 400 problem); nothing is stored then
   */
  public static <T> T requireValid(Validator validator, T value) {
    var violations = validator.validate(value);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    return value;
  }
}
