package dev.openlines.connector;

import dev.openlines.api.NotFoundException;

/** No connector of the expected type has this id: 404. */
public class UnknownConnectorException extends NotFoundException {

  public UnknownConnectorException(String connectorId) {
    super("No connector " + connectorId + " of this type is configured: check the connector id in the URL");
  }
}
