package dev.openlines.api;

import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;

/** 409: the request is well formed but clashes with the current state (a duplicate, an offer already taken, ...). */
public class ConflictException extends ApiException {

  public ConflictException(String detail) {
    super(HttpStatus.CONFLICT, detail);
  }

  public ConflictException(String detail, Throwable cause) {
    super(HttpStatus.CONFLICT, detail, cause);
  }

  /**
   * Stores a document whose id (or other unique value) the caller chose.
   *
   * @param detail what to tell the caller when a unique index refuses it: name the taken value
   */
  public static <T> T unlessTaken(Supplier<T> insert, String detail) {
    try {
      return insert.get();
    } catch (DuplicateKeyException taken) {
      throw new ConflictException(detail, taken);
    }
  }
}
