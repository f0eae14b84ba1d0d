package dev.openlines.connector;

import dev.openlines.api.InvalidRequestException;

/** The provider refused to register the connector's webhook: the settings were not saved (422/400). */
public class ConnectorRegistrationException extends InvalidRequestException {

  public ConnectorRegistrationException(String field, String message) {
    super(field, message);
  }
}
