package dev.openlines.connector;

import dev.openlines.api.ConflictException;

/** Saving would give an open channel a second connector of one type, or reuse a connector id: 409. */
public class ConnectorConflictException extends ConflictException {

  public ConnectorConflictException(String message) {
    super(message);
  }
}
