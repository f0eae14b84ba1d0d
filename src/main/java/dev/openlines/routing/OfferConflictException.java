package dev.openlines.routing;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An operator acted on an offer that is not (or no longer) theirs: 409 with the reason. */
public class OfferConflictException extends ErrorResponseException {

  public OfferConflictException(String detail) {
    super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail), null);
  }
}
