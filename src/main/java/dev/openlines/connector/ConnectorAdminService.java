package dev.openlines.connector;

import dev.openlines.channel.ChannelService;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The admin's view on connectors: always addressed through their open channel, which must exist. */
@Service
class ConnectorAdminService {

  private final ConnectorSettingsService settings;
  private final ChannelService channels;
  private final List<WebhookRegistration> registrations;

  ConnectorAdminService(ConnectorSettingsService settings, ChannelService channels, List<WebhookRegistration> registrations) {
    this.settings = settings;
    this.channels = channels;
    this.registrations = registrations;
  }

  List<ConnectorSettings> list(String channelId) {
    channels.get(channelId);
    return settings.findByChannel(channelId);
  }

  ConnectorSettings get(String channelId, String connectorId) {
    channels.get(channelId);
    return settings.find(connectorId)
        .filter(connector -> connector.channelId().equals(channelId))
        .orElseThrow(() -> new UnknownConnectorException(connectorId));
  }

  /** @param publicBaseUrl where the provider reaches this service, for webhooks it registers itself */
  ConnectorSettings create(String channelId, ConnectorRequest request, URI publicBaseUrl) {
    channels.get(channelId);
    ConnectorSettings created = settings.create(request.toSettings(request.id(), channelId));
    try {
      register(created, publicBaseUrl);
    } catch (ConnectorRegistrationException refused) {
      settings.delete(created.id());
      throw refused;
    }
    return created;
  }

  ConnectorSettings update(String channelId, String connectorId, ConnectorRequest request, URI publicBaseUrl) {
    ConnectorSettings previous = get(channelId, connectorId);
    ConnectorSettings saved = settings.update(connectorId, request.toSettings(connectorId, channelId));
    try {
      register(saved, publicBaseUrl);
    } catch (ConnectorRegistrationException refused) {
      settings.update(connectorId, previous);
      throw refused;
    }
    return saved;
  }

  /**
   * Saved first, registered second: the provider calls the webhook while registering it (Viber does),
   * so the connector must be there to answer.
   */
  private void register(ConnectorSettings connector, URI publicBaseUrl) {
    Optional<WebhookRegistration> registration =
        registrations.stream().filter(r -> r.connectorType().equals(connector.type())).findFirst();
    if (registration.isEmpty()) {
      return;
    }
    URI webhook = URI.create(publicBaseUrl.toString().replaceAll("/+$", "") + "/webhooks/" + connector.type() + "/" + connector.id());
    try {
      registration.get().register(connector, webhook);
    } catch (WebhookRegistration.WebhookRegistrationException e) {
      throw new ConnectorRegistrationException(connector.type(), e.getMessage());
    }
  }

  void delete(String channelId, String connectorId) {
    get(channelId, connectorId);
    settings.delete(connectorId);
  }
}
