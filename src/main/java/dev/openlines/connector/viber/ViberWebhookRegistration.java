package dev.openlines.connector.viber;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.WebhookRegistration;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Calls {@code set_webhook} when an admin saves a Viber connector; Viber checks the URL at once by calling it. */
@Component
class ViberWebhookRegistration implements WebhookRegistration {

  static final List<String> EVENT_TYPES = List.of("delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started");

  private final ViberApi api;
  private final ViberProperties properties;

  ViberWebhookRegistration(ViberApi api, ViberProperties properties) {
    this.api = api;
    this.properties = properties;
  }

  @Override
  public String connectorType() {
    return ConnectorTypes.VIBER;
  }

  @Override
  public void register(ConnectorSettings connector, URI webhookUrl) throws WebhookRegistrationException {
    try {
      api.call(properties.baseUrl(connector.viber().apiBaseUrl()), connector.viber().authToken(), "set_webhook",
          Map.of("url", webhookUrl.toString(), "event_types", EVENT_TYPES, "send_name", true, "send_photo", false));
    } catch (DeliveryException refused) {
      throw new WebhookRegistrationException("Viber refused set_webhook for " + webhookUrl + ": " + refused.getMessage());
    }
  }
}
