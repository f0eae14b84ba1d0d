package dev.openlines.connector.meta;

import static dev.openlines.connector.WebhookJson.optionalText;
import static dev.openlines.connector.WebhookJson.requiredArray;
import static dev.openlines.connector.WebhookJson.requiredEpoch;
import static dev.openlines.connector.WebhookJson.requiredObject;
import static dev.openlines.connector.WebhookJson.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.MalformedWebhookException;
import dev.openlines.connector.OutboundMessage.Attachment;
import dev.openlines.connector.WebhookJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Reads Messenger Platform webhook events
 * (https://developers.facebook.com/docs/messenger-platform/reference/webhook-events) for Facebook
 * pages ({@code object: page}) and Instagram accounts ({@code object: instagram}): messages with
 * text, attachments and quick replies, postbacks (a tapped button: its title), delivery and read
 * receipts. Echoes of the page's own messages and entries of other pages of the app are skipped.
 */
@Component
class MessengerEventReader {

  private final WebhookJson json;

  MessengerEventReader(ObjectMapper mapper) {
    this.json = new WebhookJson(mapper, "a Messenger Platform webhook event batch");
  }

  MessengerEvents read(String connectorType, String connectorId, String pageId, byte[] body) throws MalformedWebhookException {
    JsonNode root = json.parseObject(body);
    requiredText(root, "object", "");
    List<InboundMessage> messages = new ArrayList<>();
    List<MessengerEvents.Receipt> receipts = new ArrayList<>();
    JsonNode entries = requiredArray(root, "entry", "");
    for (int e = 0; e < entries.size(); e++) {
      JsonNode entry = entries.get(e);
      if (!pageId.equals(requiredText(entry, "id", "entry[" + e + "]."))) {
        continue;
      }
      JsonNode events = entry.path("messaging");
      for (int m = 0; m < events.size(); m++) {
        String where = "entry[" + e + "].messaging[" + m + "].";
        JsonNode event = events.get(m);
        String sender = requiredText(requiredObject(event, "sender", where), "id", where + "sender.");
        if (sender.equals(pageId)) {
          continue; // the page's own message, seen from its side
        }
        if (event.has("message")) {
          message(connectorType, connectorId, sender, event, where).ifPresent(messages::add);
        } else if (event.has("postback")) {
          postback(connectorType, connectorId, sender, event, where).ifPresent(messages::add);
        } else if (event.has("delivery")) {
          receipts.add(receipt(sender, event.path("delivery"), false));
        } else if (event.has("read")) {
          receipts.add(receipt(sender, event.path("read"), true));
        }
      }
    }
    return new MessengerEvents(messages, receipts);
  }

  private static Optional<InboundMessage> message(String type, String connectorId, String sender, JsonNode event, String where)
      throws MalformedWebhookException {
    JsonNode message = requiredObject(event, "message", where);
    if (message.path("is_echo").asBoolean(false) || message.path("is_deleted").asBoolean(false)) {
      return Optional.empty();
    }
    String mid = requiredText(message, "mid", where + "message.");
    Instant sentAt = requiredEpoch(event, "timestamp", where, true);
    String text = optionalText(message, "text");
    List<Attachment> attachments = new ArrayList<>();
    JsonNode files = message.path("attachments");
    for (int i = 0; i < files.size(); i++) {
      JsonNode file = files.get(i);
      String kind = optionalText(file, "type");
      String url = optionalText(file.path("payload"), "url");
      if (url == null) {
        continue; // e.g. a shared location or template without a file
      }
      attachments.add(new Attachment(kind + "-" + (i + 1), contentType(kind), 0, url));
    }
    if (text == null && attachments.isEmpty()) {
      return Optional.empty(); // a sticker or reaction
    }
    return Optional.of(new InboundMessage(type, connectorId, mid, sender, null, text, attachments, false, sentAt));
  }

  private static Optional<InboundMessage> postback(String type, String connectorId, String sender, JsonNode event, String where)
      throws MalformedWebhookException {
    JsonNode postback = requiredObject(event, "postback", where);
    String title = optionalText(postback, "title");
    String mid = optionalText(postback, "mid");
    if (title == null) {
      return Optional.empty();
    }
    Instant sentAt = requiredEpoch(event, "timestamp", where, true);
    // Postbacks on Messenger may lack a mid: the tap's time identifies it for this client.
    String id = mid != null ? mid : "postback:" + sentAt.toEpochMilli();
    return Optional.of(new InboundMessage(type, connectorId, id, sender, null, title, List.of(), false, sentAt));
  }

  private static MessengerEvents.Receipt receipt(String sender, JsonNode receipt, boolean read) {
    List<String> mids = new ArrayList<>();
    receipt.path("mids").forEach(mid -> mids.add(mid.asText()));
    String single = optionalText(receipt, "mid");
    if (single != null) {
      mids.add(single);
    }
    Instant watermark = receipt.path("watermark").canConvertToLong() ? Instant.ofEpochMilli(receipt.path("watermark").asLong()) : null;
    return new MessengerEvents.Receipt(sender, read, mids, watermark);
  }

  private static String contentType(String kind) {
    return switch (kind == null ? "" : kind) {
      case "image" -> "image/*";
      case "video", "ig_reel", "reel" -> "video/*";
      case "audio" -> "audio/*";
      default -> "application/octet-stream";
    };
  }
}
