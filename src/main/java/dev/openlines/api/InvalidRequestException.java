package dev.openlines.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * 400 for a rule Jakarta Validation annotations cannot express (fields that depend on each other, ...).
 * Rendered like a bean validation failure: a detail plus an {@code errors} list of {@link FieldProblem}s.
 */
public class InvalidRequestException extends ApiException {

  public InvalidRequestException(String field, String message) {
    this(List.of(new FieldProblem(field, message)));
  }

  public InvalidRequestException(List<FieldProblem> problems) {
    super(HttpStatus.BAD_REQUEST, ProblemDetailsAdvice.describe(problems));
    getBody().setTitle("Invalid request");
    getBody().setProperty("errors", List.copyOf(problems));
  }
}
