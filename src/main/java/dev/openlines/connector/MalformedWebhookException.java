package dev.openlines.connector;

/** A webhook body a connector cannot read; the message says what is wrong, for a 400 problem. */
public class MalformedWebhookException extends Exception {

  public MalformedWebhookException(String reason) {
    super(reason);
  }
}
