package dev.openlines.connector;

/** No connector of the expected type has this id. */
public class UnknownConnectorException extends RuntimeException {

  public UnknownConnectorException(String connectorId) {
    super("No connector " + connectorId + " of this type is configured");
  }
}
