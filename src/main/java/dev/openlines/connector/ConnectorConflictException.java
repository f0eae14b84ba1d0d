package dev.openlines.connector;

/** Saving would give an open channel a second connector of one type, or reuse a connector id. */
public class ConnectorConflictException extends RuntimeException {

  public ConnectorConflictException(String message) {
    super(message);
  }
}
