package dev.openlines.connector.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.api.JsonProblems;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.OutboundMessage.Attachment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Turns a webhook body into an {@link InboundMessage}: text, photo or document with caption, and
 * edits; a button press (callback query) is read by {@link #callbackQuery}. Other update types (channel
 * posts, ...) and message kinds (stickers,
 * voice, ...) are not messages for an operator: they are read as empty, so the webhook acknowledges
 * and ignores them.
 */
@Component
class TelegramUpdateReader {

  /** Telegram file ids are kept as {@code telegram-file:<file_id>}: the Bot API's download reference. */
  static final String FILE_REFERENCE_PREFIX = "telegram-file:";

  /** 9999-12-31T23:59:59Z: later dates cannot be stored, and no real message has one. */
  static final long LATEST_DATE = 253_402_300_799L;

  private final ObjectMapper json;

  TelegramUpdateReader(ObjectMapper json) {
    this.json = json;
  }

  Optional<InboundMessage> read(String connectorId, String body) throws MalformedUpdateException {
    TelegramUpdate update = parse(body);
    boolean edited = update.message() == null && update.editedMessage() != null;
    TelegramUpdate.Message message = edited ? update.editedMessage() : update.message();
    if (message == null) {
      return Optional.empty();
    }
    String where = edited ? "edited_message" : "message";
    require(message.messageId(), where + ".message_id");
    require(message.date(), where + ".date");
    if (message.date() < 0 || message.date() > LATEST_DATE) {
      throw new MalformedUpdateException(where + ".date must be a Unix time in seconds between 0 and " + LATEST_DATE);
    }
    require(message.chat(), where + ".chat");
    require(message.chat().id(), where + ".chat.id");
    List<Attachment> attachments = attachments(message);
    String text = message.text() != null ? message.text() : message.caption();
    if (text == null && attachments.isEmpty()) {
      return Optional.empty();
    }
    String chatId = String.valueOf(message.chat().id());
    return Optional.of(
        new InboundMessage(
            ConnectorTypes.TELEGRAM,
            connectorId,
            // message_id is unique only within its chat.
            chatId + ":" + message.messageId(),
            chatId,
            profile(message),
            text,
            attachments,
            edited,
            Instant.ofEpochSecond(message.date())));
  }

  /** The button press of a callback-query update; empty for every other update. */
  Optional<TelegramUpdate.CallbackQuery> callbackQuery(String body) throws MalformedUpdateException {
    TelegramUpdate.CallbackQuery query = parse(body).callbackQuery();
    if (query == null) {
      return Optional.empty();
    }
    require(query.id(), "callback_query.id");
    require(query.from(), "callback_query.from");
    require(query.from().id(), "callback_query.from.id");
    return Optional.of(query);
  }

  private TelegramUpdate parse(String body) throws MalformedUpdateException {
    if (body == null || body.isBlank()) {
      throw new MalformedUpdateException("The body is empty: expected a JSON-serialized Telegram Update");
    }
    TelegramUpdate update;
    try {
      update = json.readValue(body, TelegramUpdate.class);
    } catch (JsonProcessingException e) {
      throw new MalformedUpdateException("The body is not a Telegram Update: " + JsonProblems.describe(e));
    }
    if (update == null) {
      throw new MalformedUpdateException("The body is null: expected a JSON-serialized Telegram Update");
    }
    require(update.updateId(), "update_id");
    return update;
  }

  private static void require(Object value, String field) throws MalformedUpdateException {
    if (value == null) {
      throw new MalformedUpdateException(field + " is required in a Telegram Update");
    }
  }

  private static List<Attachment> attachments(TelegramUpdate.Message message) throws MalformedUpdateException {
    List<Attachment> attachments = new ArrayList<>();
    if (message.photo() != null && !message.photo().isEmpty()) {
      // Telegram sends one photo in several sizes, smallest first: keep the largest.
      TelegramUpdate.PhotoSize largest = message.photo().getLast();
      require(largest, "photo[" + (message.photo().size() - 1) + "]");
      require(largest.fileId(), "photo.file_id");
      attachments.add(new Attachment(
          "photo-" + (largest.fileUniqueId() != null ? largest.fileUniqueId() : largest.fileId()) + ".jpg",
          "image/jpeg",
          sizeOf(largest.fileSize()),
          FILE_REFERENCE_PREFIX + largest.fileId()));
    }
    if (message.document() != null) {
      TelegramUpdate.Document document = message.document();
      require(document.fileId(), "document.file_id");
      attachments.add(new Attachment(
          document.fileName() != null ? document.fileName() : "document",
          document.mimeType() != null ? document.mimeType() : "application/octet-stream",
          sizeOf(document.fileSize()),
          FILE_REFERENCE_PREFIX + document.fileId()));
    }
    return attachments;
  }

  /** Telegram may omit file_size; 0 means unknown. */
  private static long sizeOf(Long fileSize) {
    return fileSize == null ? 0 : fileSize;
  }

  private static InboundMessage.ClientProfile profile(TelegramUpdate.Message message) {
    TelegramUpdate.User from = message.from();
    if (from == null) {
      return null;
    }
    String name = Stream.of(from.firstName(), from.lastName())
        .filter(part -> part != null && !part.isBlank())
        .collect(Collectors.joining(" "));
    return new InboundMessage.ClientProfile(name.isEmpty() ? from.username() : name, null, null, from.languageCode());
  }
}
