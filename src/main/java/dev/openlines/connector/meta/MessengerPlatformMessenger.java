package dev.openlines.connector.meta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.connector.AttachmentKinds;
import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.MessagingWindows;
import dev.openlines.connector.MetaSettings;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.ProviderDeliveries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends operator messages through the Send API ({@code POST /{page-or-ig-id}/messages}) of a
 * Facebook page or Instagram account. Within 24 hours of the client's last message as
 * {@code messaging_type: RESPONSE}; after that, for connectors allowed to, with the
 * {@code HUMAN_AGENT} tag (up to 7 days); otherwise refused before any call.
 */
class MessengerPlatformMessenger implements ClientMessenger {

  /** How long after the client's last message the HUMAN_AGENT tag allows a reply. */
  static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);

  private final String connectorType;
  private final String name;
  private final ConnectorSettingsService connectors;
  private final GraphApi graph;
  private final MetaProperties properties;
  private final MessagingWindows windows;
  private final ProviderDeliveries deliveries;
  private final Clock clock;

  MessengerPlatformMessenger(String connectorType, String name, ConnectorSettingsService connectors, GraphApi graph,
      MetaProperties properties, MessagingWindows windows, ProviderDeliveries deliveries, Clock clock) {
    this.connectorType = connectorType;
    this.name = name;
    this.connectors = connectors;
    this.graph = graph;
    this.properties = properties;
    this.windows = windows;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  @Override
  public String connectorType() {
    return connectorType;
  }

  @Override
  public void deliver(OutboundMessage message) throws DeliveryException {
    MetaSettings settings = connectors.forDelivery(message.connectorId(), connectorType, name).meta();
    Map<String, Object> messaging = messagingType(settings, message);
    String text = message.text() == null ? "" : message.text();
    if (!text.isEmpty()) {
      send(settings, message, message.messageId() + ":text", messaging, Map.of("text", text));
    }
    for (int i = 0; i < message.attachments().size(); i++) {
      OutboundMessage.Attachment file = message.attachments().get(i);
      send(settings, message, message.messageId() + ":file-" + i, messaging,
          Map.of("attachment", Map.of("type", AttachmentKinds.of(file, "file"), "payload", Map.of("url", file.url()))));
    }
  }

  private Map<String, Object> messagingType(MetaSettings settings, OutboundMessage message) throws DeliveryException {
    Instant now = clock.instant();
    if (windows.isOpen(message.connectorId(), message.clientId(), MessagingWindows.CUSTOMER_SERVICE_WINDOW, now)) {
      return Map.of("messaging_type", "RESPONSE");
    }
    String last = windows.lastClientMessage(message.connectorId(), message.clientId()).map(Instant::toString).orElse("never");
    if (!settings.humanAgentTag()) {
      throw DeliveryException.permanent("Outside " + name + "'s 24-hour messaging window: the client last wrote " + last
          + "; the connector is not set to use the HUMAN_AGENT tag");
    }
    if (!windows.isOpen(message.connectorId(), message.clientId(), HUMAN_AGENT_WINDOW, now)) {
      throw DeliveryException.permanent("Outside " + name + "'s 7-day human agent window: the client last wrote " + last);
    }
    return Map.of("messaging_type", "MESSAGE_TAG", "tag", "HUMAN_AGENT");
  }

  private void send(MetaSettings settings, OutboundMessage message, String part, Map<String, Object> messaging,
      Map<String, Object> content) throws DeliveryException {
    if (deliveries.delivered(part)) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("recipient", Map.of("id", message.clientId()));
    body.putAll(messaging);
    body.put("message", content);
    JsonNode answer = graph.post(properties.baseUrl(settings.apiBaseUrl()), "/" + settings.pageId() + "/messages",
        settings.accessToken(), body, name + " send");
    deliveries.record(part, message.connectorId(), message.messageId(), answer.path("message_id").asText(null));
  }
}
