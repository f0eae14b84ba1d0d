package dev.openlines.operator;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

public class OperatorNotFoundException extends ErrorResponseException {

  public OperatorNotFoundException(String operatorId) {
    super(
        HttpStatus.NOT_FOUND,
        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No operator with id '" + operatorId + "'"),
        null);
  }
}
