package dev.openlines.api;

import org.springframework.http.HttpStatus;

/**
 * 501: the request is valid, but the conversation process cannot carry it out yet. Answering 202
 * for an action nothing acts on would tell the operator it happened.
 */
public class NotAvailableYetException extends ApiException {

  public NotAvailableYetException(String detail) {
    super(HttpStatus.NOT_IMPLEMENTED, detail);
  }
}
