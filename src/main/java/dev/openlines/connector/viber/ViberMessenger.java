package dev.openlines.connector.viber;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.connector.AttachmentKinds;
import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.connector.ViberSettings;
import dev.openlines.conversation.ProviderDeliveries;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sends operator messages with {@code send_message}: text, pictures with the text beside them, other
 * files as {@code file}. A client who unsubscribed from the bot cannot be written to.
 */
@Component
class ViberMessenger implements ClientMessenger {

  private final ConnectorSettingsService connectors;
  private final ViberApi api;
  private final ViberProperties properties;
  private final ProviderDeliveries deliveries;
  private final ViberSubscriptions subscriptions;

  ViberMessenger(ConnectorSettingsService connectors, ViberApi api, ViberProperties properties, ProviderDeliveries deliveries,
      ViberSubscriptions subscriptions) {
    this.connectors = connectors;
    this.api = api;
    this.properties = properties;
    this.deliveries = deliveries;
    this.subscriptions = subscriptions;
  }

  @Override
  public String connectorType() {
    return ConnectorTypes.VIBER;
  }

  @Override
  public void deliver(OutboundMessage message) throws DeliveryException {
    ViberSettings settings = connectors.forDelivery(message.connectorId(), ConnectorTypes.VIBER, "Viber").viber();
    if (subscriptions.unsubscribed(message.connectorId(), message.clientId())) {
      throw DeliveryException.permanent("The client unsubscribed from the Viber bot: Viber delivers nothing to them");
    }
    String text = message.text() == null ? "" : message.text();
    if (!text.isEmpty()) {
      send(settings, message, message.messageId() + ":text", Map.of("type", "text", "text", text));
    }
    for (int i = 0; i < message.attachments().size(); i++) {
      OutboundMessage.Attachment file = message.attachments().get(i);
      Map<String, Object> content = new LinkedHashMap<>();
      boolean picture = "image".equals(AttachmentKinds.of(file, "file"));
      content.put("type", picture ? "picture" : "file");
      content.put("media", file.url());
      if (picture) {
        content.put("text", "");
      } else {
        content.put("size", file.size());
        content.put("file_name", file.name());
      }
      send(settings, message, message.messageId() + ":file-" + i, content);
    }
  }

  private void send(ViberSettings settings, OutboundMessage message, String part, Map<String, Object> content)
      throws DeliveryException {
    if (deliveries.delivered(part)) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("receiver", message.clientId());
    body.put("min_api_version", 1);
    body.put("sender", Map.of("name", settings.senderName()));
    body.putAll(content);
    JsonNode answer = api.call(properties.baseUrl(settings.apiBaseUrl()), settings.authToken(), "send_message", body);
    deliveries.record(part, message.connectorId(), message.messageId(), answer.path("message_token").asText(null));
  }
}
