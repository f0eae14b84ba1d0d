package dev.openlines.connector.whatsapp;

import static dev.openlines.connector.WebhookJson.optionalText;
import static dev.openlines.connector.WebhookJson.requiredArray;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.springframework.stereotype.Component;

/**
 * Reads Cloud API webhook notifications
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components): text, media
 * (image, video, audio, voice, document, sticker) with caption, location, shared contacts,
 * interactive button and list replies and template quick-reply buttons. Changes of other phone
 * numbers of the same Meta app are skipped: each connector serves one number.
 */
@Component
class WhatsAppNotificationReader {

  /** Media ids are kept as {@code whatsapp-media:<id>}: the Cloud API's download reference. */
  static final String MEDIA_PREFIX = "whatsapp-media:";
  private static final Set<String> MEDIA = Set.of("image", "video", "audio", "document", "sticker");

  private final WebhookJson json;

  WhatsAppNotificationReader(ObjectMapper mapper) {
    this.json = new WebhookJson(mapper, "a WhatsApp Cloud API webhook notification");
  }

  WhatsAppNotification read(String connectorId, String phoneNumberId, byte[] body) throws MalformedWebhookException {
    JsonNode root = json.parseObject(body);
    requiredText(root, "object", "");
    List<InboundMessage> messages = new ArrayList<>();
    List<WhatsAppNotification.Status> statuses = new ArrayList<>();
    JsonNode entries = requiredArray(root, "entry", "");
    for (int e = 0; e < entries.size(); e++) {
      JsonNode changes = requiredArray(entries.get(e), "changes", "entry[" + e + "].");
      for (int c = 0; c < changes.size(); c++) {
        String where = "entry[" + e + "].changes[" + c + "].";
        JsonNode change = changes.get(c);
        if (!"messages".equals(optionalText(change, "field"))) {
          continue; // account, template and quality updates are not conversations
        }
        JsonNode value = requiredObject(change, "value", where);
        String number = requiredText(requiredObject(value, "metadata", where + "value."), "phone_number_id", where + "value.metadata.");
        if (!number.equals(phoneNumberId)) {
          continue;
        }
        Map<String, String> names = contactNames(value);
        JsonNode inbound = value.path("messages");
        for (int m = 0; m < inbound.size(); m++) {
          message(connectorId, inbound.get(m), where + "value.messages[" + m + "].", names).ifPresent(messages::add);
        }
        JsonNode receipts = value.path("statuses");
        for (int s = 0; s < receipts.size(); s++) {
          statuses.add(status(receipts.get(s), where + "value.statuses[" + s + "]."));
        }
      }
    }
    return new WhatsAppNotification(messages, statuses);
  }

  private static Map<String, String> contactNames(JsonNode value) {
    Map<String, String> names = new HashMap<>();
    for (JsonNode contact : value.path("contacts")) {
      String waId = optionalText(contact, "wa_id");
      String name = optionalText(contact.path("profile"), "name");
      if (waId != null && name != null) {
        names.put(waId, name);
      }
    }
    return names;
  }

  private static java.util.Optional<InboundMessage> message(
      String connectorId, JsonNode message, String where, Map<String, String> names) throws MalformedWebhookException {
    String from = requiredText(message, "from", where);
    String id = requiredText(message, "id", where);
    Instant sentAt = requiredEpoch(message, "timestamp", where, false);
    String type = requiredText(message, "type", where);
    String text = null;
    List<Attachment> attachments = new ArrayList<>();
    if ("text".equals(type)) {
      text = requiredText(requiredObject(message, "text", where), "body", where + "text.");
    } else if (MEDIA.contains(type)) {
      JsonNode media = requiredObject(message, type, where);
      String mediaId = requiredText(media, "id", where + type + ".");
      String mime = optionalText(media, "mime_type");
      String name = optionalText(media, "filename");
      attachments.add(new Attachment(name != null ? name : type + "-" + mediaId, mime != null ? mime : "application/octet-stream",
          0, MEDIA_PREFIX + mediaId));
      text = optionalText(media, "caption");
    } else if ("location".equals(type)) {
      text = location(requiredObject(message, "location", where), where + "location.");
    } else if ("contacts".equals(type)) {
      text = contacts(requiredArray(message, "contacts", where));
    } else if ("interactive".equals(type)) {
      text = interactive(requiredObject(message, "interactive", where));
    } else if ("button".equals(type)) {
      text = optionalText(message.path("button"), "text");
    }
    if (text == null && attachments.isEmpty()) {
      return java.util.Optional.empty(); // reaction, order, system, unsupported: nothing for an operator
    }
    return java.util.Optional.of(new InboundMessage(ConnectorTypes.WHATSAPP, connectorId, id, from,
        new InboundMessage.ClientProfile(names.get(from), "+" + from, null, null), text, attachments, false, sentAt));
  }

  private static String location(JsonNode location, String where) throws MalformedWebhookException {
    String latitude = requiredText(location, "latitude", where);
    String longitude = requiredText(location, "longitude", where);
    StringJoiner text = new StringJoiner(", ", "Location: ", "");
    for (String part : new String[] {optionalText(location, "name"), optionalText(location, "address")}) {
      if (part != null) {
        text.add(part);
      }
    }
    text.add("https://maps.google.com/?q=" + latitude + "," + longitude);
    return text.toString();
  }

  private static String contacts(JsonNode contacts) {
    StringJoiner text = new StringJoiner("\n");
    for (JsonNode contact : contacts) {
      StringJoiner card = new StringJoiner(", ", "Contact: ", "");
      String name = optionalText(contact.path("name"), "formatted_name");
      card.add(name != null ? name : "(no name)");
      for (JsonNode phone : contact.path("phones")) {
        String number = optionalText(phone, "phone");
        if (number != null) {
          card.add(number);
        }
      }
      for (JsonNode email : contact.path("emails")) {
        String address = optionalText(email, "email");
        if (address != null) {
          card.add(address);
        }
      }
      text.add(card.toString());
    }
    return text.toString();
  }

  /** A tapped reply button or list row: the client's answer is its title. */
  private static String interactive(JsonNode interactive) {
    JsonNode reply = interactive.has("button_reply") ? interactive.path("button_reply") : interactive.path("list_reply");
    String title = optionalText(reply, "title");
    String description = optionalText(reply, "description");
    if (title == null) {
      return null;
    }
    return description == null ? title : title + " (" + description + ")";
  }

  private static WhatsAppNotification.Status status(JsonNode status, String where) throws MalformedWebhookException {
    String error = null;
    JsonNode errors = status.path("errors");
    if (errors.size() > 0) {
      JsonNode first = errors.get(0);
      error = optionalText(first, "title") + " (WhatsApp error " + optionalText(first, "code") + ")";
    }
    return new WhatsAppNotification.Status(
        requiredText(status, "id", where),
        optionalText(status, "recipient_id"),
        requiredText(status, "status", where),
        requiredEpoch(status, "timestamp", where, false),
        error);
  }

}
