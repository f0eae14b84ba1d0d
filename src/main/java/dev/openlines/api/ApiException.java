package dev.openlines.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Base of the exceptions a feature throws to end a request with an RFC 9457 problem. Spring MVC renders
 * any {@link ErrorResponseException} as its {@link ProblemDetail}, so subclasses need no handler of their own.
 * The detail is shown to the caller: write it so that it says what to do.
 */
public abstract class ApiException extends ErrorResponseException {

  protected ApiException(HttpStatus status, String detail) {
    this(status, detail, null);
  }

  protected ApiException(HttpStatus status, String detail, Throwable cause) {
    super(status, ProblemDetail.forStatusAndDetail(status, detail), cause);
  }

  @Override
  public String getMessage() {
    return getBody().getDetail();
  }
}
