package dev.openlines.connector;

import java.net.URI;

/**
 * Registers a connector's webhook with its provider when the admin saves the connector (Viber's
 * {@code set_webhook}). Providers that want the URL typed into their own console need none.
 */
public interface WebhookRegistration {

  String connectorType();

  /**
   * @param webhookUrl the public address of the connector's webhook
   * @throws WebhookRegistrationException when the provider refused; the message says why, without secrets
   */
  void register(ConnectorSettings connector, URI webhookUrl) throws WebhookRegistrationException;

  /** The provider refused the webhook, e.g. an invalid token or a URL it cannot reach. */
  class WebhookRegistrationException extends Exception {
    public WebhookRegistrationException(String message) {
      super(message);
    }
  }
}
