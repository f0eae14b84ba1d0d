package dev.openlines.operator;

import dev.openlines.api.NotFoundException;

/** Rendered as an RFC 9457 problem (404) when it reaches a controller. */
public class OperatorNotFoundException extends NotFoundException {

  public OperatorNotFoundException(String operatorId) {
    super("No operator with id '" + operatorId + "'");
  }
}
