package dev.openlines.connector.viber;

import static dev.openlines.connector.WebhookJson.optionalText;
import static dev.openlines.connector.WebhookJson.requiredEpoch;
import static dev.openlines.connector.WebhookJson.requiredObject;
import static dev.openlines.connector.WebhookJson.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.MalformedWebhookException;
import dev.openlines.connector.OutboundMessage.Attachment;
import dev.openlines.connector.WebhookJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Reads Viber callbacks (https://developers.viber.com/docs/api/rest-bot-api/#callbacks): messages
 * (text, picture, video, file, contact, location, url; stickers carry nothing for an operator),
 * receipts, subscriptions and the start of a conversation.
 */
@Component
class ViberCallbackReader {

  private final WebhookJson json;

  ViberCallbackReader(ObjectMapper mapper) {
    this.json = new WebhookJson(mapper, "a Viber callback");
  }

  ViberCallback read(String connectorId, byte[] body) throws MalformedWebhookException {
    JsonNode root = json.parseObject(body);
    String event = requiredText(root, "event", "");
    Instant at = requiredEpoch(root, "timestamp", "", true);
    return switch (event) {
      case "message" -> message(connectorId, root, at);
      case "delivered", "seen", "failed" -> new ViberCallback(event, null, requiredText(root, "user_id", ""),
          requiredText(root, "message_token", ""), at, optionalText(root, "desc"));
      case "subscribed", "conversation_started" -> new ViberCallback(event, null,
          requiredText(requiredObject(root, "user", ""), "id", "user."), optionalText(root, "message_token"), at, null);
      case "unsubscribed" -> new ViberCallback(event, null, requiredText(root, "user_id", ""), optionalText(root, "message_token"), at, null);
      default -> new ViberCallback(event, null, null, optionalText(root, "message_token"), at, null); // webhook, client_status, ...
    };
  }

  private static ViberCallback message(String connectorId, JsonNode root, Instant at) throws MalformedWebhookException {
    JsonNode sender = requiredObject(root, "sender", "");
    String senderId = requiredText(sender, "id", "sender.");
    String token = requiredText(root, "message_token", "");
    JsonNode message = requiredObject(root, "message", "");
    String type = requiredText(message, "type", "message.");
    String text = optionalText(message, "text");
    List<Attachment> attachments = new ArrayList<>();
    String media = optionalText(message, "media");
    long size = message.path("size").asLong(0);
    switch (type) {
      case "picture" -> attachments.add(new Attachment(fileName(message, "picture-" + token + ".jpg"), "image/jpeg", size,
          requiredText(message, "media", "message.")));
      case "video" -> attachments.add(new Attachment(fileName(message, "video-" + token + ".mp4"), "video/mp4", size,
          requiredText(message, "media", "message.")));
      case "file" -> attachments.add(new Attachment(fileName(message, "file-" + token), "application/octet-stream", size,
          requiredText(message, "media", "message.")));
      case "contact" -> {
        JsonNode contact = message.path("contact");
        text = "Contact: " + String.join(", ", nonNull(optionalText(contact, "name"), optionalText(contact, "phone_number")));
      }
      case "location" -> {
        JsonNode location = requiredObject(message, "location", "message.");
        text = "Location: https://maps.google.com/?q=" + requiredText(location, "lat", "message.location.") + ","
            + requiredText(location, "lon", "message.location.");
      }
      case "url" -> text = media != null ? media : text;
      default -> {
        if (!"text".equals(type)) {
          text = null; // sticker, rich media: nothing an operator can read
        }
      }
    }
    InboundMessage inbound = text == null && attachments.isEmpty() ? null
        : new InboundMessage(ConnectorTypes.VIBER, connectorId, token, senderId,
            new InboundMessage.ClientProfile(optionalText(sender, "name"), null, null, optionalText(sender, "language")),
            text, attachments, false, at);
    return new ViberCallback("message", inbound, senderId, token, at, null);
  }

  private static String fileName(JsonNode message, String fallback) {
    String name = optionalText(message, "file_name");
    return name != null ? name : fallback;
  }

  private static List<String> nonNull(String... parts) {
    List<String> kept = new ArrayList<>();
    for (String part : parts) {
      if (part != null) {
        kept.add(part);
      }
    }
    return kept;
  }
}
