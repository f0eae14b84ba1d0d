package dev.openlines.connector;

import dev.openlines.channel.ChannelService;
import java.util.List;
import org.springframework.stereotype.Service;

/** The admin's view on connectors: always addressed through their open channel, which must exist. */
@Service
class ConnectorAdminService {

  private final ConnectorSettingsService settings;
  private final ChannelService channels;

  ConnectorAdminService(ConnectorSettingsService settings, ChannelService channels) {
    this.settings = settings;
    this.channels = channels;
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

  ConnectorSettings create(String channelId, ConnectorRequest request) {
    channels.get(channelId);
    return settings.create(request.toSettings(request.id(), channelId));
  }

  ConnectorSettings update(String channelId, String connectorId, ConnectorRequest request) {
    get(channelId, connectorId);
    return settings.update(connectorId, request.toSettings(connectorId, channelId));
  }

  void delete(String channelId, String connectorId) {
    get(channelId, connectorId);
    settings.delete(connectorId);
  }
}
