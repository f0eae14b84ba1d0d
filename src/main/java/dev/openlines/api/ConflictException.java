package dev.openlines.api;

import org.springframework.http.HttpStatus;

/** 409: the request is well formed but clashes with the current state (a duplicate, an offer already taken, ...). */
public class ConflictException extends ApiException {

  public ConflictException(String detail) {
    super(HttpStatus.CONFLICT, detail);
  }

  public ConflictException(String detail, Throwable cause) {
    super(HttpStatus.CONFLICT, detail, cause);
  }
}
