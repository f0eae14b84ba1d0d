package dev.openlines.api;

import org.springframework.http.HttpStatus;

/** 404: the addressed thing does not exist (or the caller may not know that it exists). */
public class NotFoundException extends ApiException {

  public NotFoundException(String detail) {
    super(HttpStatus.NOT_FOUND, detail);
  }

  /** For example {@code NotFoundException.of("Quick answer", id)}: "Quick answer 'abc' does not exist." */
  public static NotFoundException of(String what, Object id) {
    return new NotFoundException(what + " '" + id + "' does not exist.");
  }
}
