package dev.openlines.connector.telegram;

/** The webhook body is not a Bot API update OpenLines can read; the message says what is wrong. */
class MalformedUpdateException extends Exception {

  MalformedUpdateException(String reason) {
    super(reason);
  }
}
