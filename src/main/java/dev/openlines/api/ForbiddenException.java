package dev.openlines.api;

import org.springframework.http.HttpStatus;

/**
 * 403 decided by business rules rather than by role, e.g. an operator acting on a conversation that was
 * neither offered to nor held by them. Role checks are done by {@code @RolesAllowed}, not by this exception.
 */
public class ForbiddenException extends ApiException {

  public ForbiddenException(String detail) {
    super(HttpStatus.FORBIDDEN, detail);
  }
}
