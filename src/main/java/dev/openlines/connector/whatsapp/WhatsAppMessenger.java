package dev.openlines.connector.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.connector.AttachmentKinds;
import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.MessagingWindows;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.connector.WhatsAppSettings;
import dev.openlines.conversation.ProviderDeliveries;
import dev.openlines.connector.meta.GraphApi;
import dev.openlines.connector.meta.MetaProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sends operator messages through the Cloud API ({@code POST /{phone-number-id}/messages}): text,
 * and files as image, video, audio or document with the text as caption of the first. Free-form
 * messages are only allowed within 24 hours of the client's last message; outside that window they
 * are refused before any call, and an approved template ({@link #sendTemplate}) is the way to write
 * first.
 */
@Component
class WhatsAppMessenger implements ClientMessenger {

  static final int MAX_CAPTION = 1024;

  private final ConnectorSettingsService connectors;
  private final GraphApi graph;
  private final MetaProperties properties;
  private final MessagingWindows windows;
  private final ProviderDeliveries deliveries;
  private final Clock clock;

  WhatsAppMessenger(ConnectorSettingsService connectors, GraphApi graph, MetaProperties properties,
      MessagingWindows windows, ProviderDeliveries deliveries, Clock clock) {
    this.connectors = connectors;
    this.graph = graph;
    this.properties = properties;
    this.windows = windows;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  @Override
  public String connectorType() {
    return ConnectorTypes.WHATSAPP;
  }

  @Override
  public void deliver(OutboundMessage message) throws DeliveryException {
    WhatsAppSettings settings = settings(message.connectorId());
    Instant now = clock.instant();
    if (!windows.isOpen(message.connectorId(), message.clientId(), MessagingWindows.CUSTOMER_SERVICE_WINDOW, now)) {
      throw DeliveryException.permanent("Outside WhatsApp's 24-hour customer-service window: the client last wrote "
          + windows.lastClientMessage(message.connectorId(), message.clientId()).map(Instant::toString).orElse("never")
          + "; send an approved template instead (POST /api/conversations/" + message.conversationId() + "/whatsapp-template)");
    }
    String text = message.text() == null ? "" : message.text();
    List<OutboundMessage.Attachment> files = message.attachments();
    boolean textAsCaption = !files.isEmpty() && text.length() <= MAX_CAPTION && !isAudio(files.getFirst());
    if (!text.isEmpty() && !textAsCaption) {
      send(settings, message, message.messageId() + ":text", "text", Map.of("preview_url", false, "body", text));
    }
    for (int i = 0; i < files.size(); i++) {
      OutboundMessage.Attachment file = files.get(i);
      String type = mediaType(file);
      Map<String, Object> media = new LinkedHashMap<>();
      if (file.url().startsWith(WhatsAppNotificationReader.MEDIA_PREFIX)) {
        media.put("id", file.url().substring(WhatsAppNotificationReader.MEDIA_PREFIX.length()));
      } else {
        media.put("link", file.url());
      }
      if ("document".equals(type)) {
        media.put("filename", file.name());
      }
      if (i == 0 && textAsCaption && !text.isEmpty()) {
        media.put("caption", text);
      }
      send(settings, message, message.messageId() + ":file-" + i, type, media);
    }
  }

  /**
   * Sends an approved message template, allowed outside the customer-service window.
   *
   * @param bodyParameters values of the template body's {{1}}, {{2}}, ... in order
   */
  void sendTemplate(String connectorId, String clientId, String messageId, String name, String language,
      List<String> bodyParameters) throws DeliveryException {
    WhatsAppSettings settings = settings(connectorId);
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("name", name);
    template.put("language", Map.of("code", language));
    if (!bodyParameters.isEmpty()) {
      template.put("components", List.of(Map.of("type", "body",
          "parameters", bodyParameters.stream().map(value -> Map.of("type", "text", "text", value)).toList())));
    }
    String part = messageId + ":template";
    if (!deliveries.delivered(part)) {
      JsonNode answer = graph.post(properties.baseUrl(settings.apiBaseUrl()), "/" + settings.phoneNumberId() + "/messages",
          settings.accessToken(), body(clientId, "template", template), "WhatsApp template");
      deliveries.record(part, connectorId, messageId, answer.path("messages").path(0).path("id").asText(null));
    }
  }

  private void send(WhatsAppSettings settings, OutboundMessage message, String part, String type, Object content)
      throws DeliveryException {
    if (deliveries.delivered(part)) {
      return;
    }
    JsonNode answer = graph.post(properties.baseUrl(settings.apiBaseUrl()), "/" + settings.phoneNumberId() + "/messages",
        settings.accessToken(), body(message.clientId(), type, content), "WhatsApp send");
    deliveries.record(part, message.connectorId(), message.messageId(), answer.path("messages").path(0).path("id").asText(null));
  }

  private static Map<String, Object> body(String to, String type, Object content) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("messaging_product", "whatsapp");
    body.put("recipient_type", "individual");
    body.put("to", to);
    body.put("type", type);
    body.put(type, content);
    return body;
  }

  private WhatsAppSettings settings(String connectorId) throws DeliveryException {
    return connectors.forDelivery(connectorId, ConnectorTypes.WHATSAPP, "WhatsApp").whatsApp();
  }

  private static boolean isAudio(OutboundMessage.Attachment file) {
    return "audio".equals(mediaType(file));
  }

  private static String mediaType(OutboundMessage.Attachment file) {
    return AttachmentKinds.of(file, "document");
  }
}
