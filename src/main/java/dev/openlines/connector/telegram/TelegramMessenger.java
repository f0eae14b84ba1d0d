package dev.openlines.connector.telegram;

import dev.openlines.attachment.AttachmentStore;
import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.MessageChange;
import dev.openlines.connector.OutboundMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Sends operator messages to Telegram chats: text by {@code sendMessage}, files by {@code sendDocument} (a JPEG, PNG
 * or WebP picture OpenLines keeps by {@code sendPhoto}) with the text as caption of the first; the rating request
 * with like and dislike buttons ({@link TelegramRatings}). Files OpenLines keeps (an operator's upload) are
 * uploaded; a client's Telegram file goes back by its file_id, any other by its URL. The Telegram message ids are
 * kept ({@link TelegramDeliveries}), so an operator's later edit or deletion changes the client's copy. Each part is
 * recorded once Telegram accepted it, so a redelivered send job or the outbound retry skips what the client
 * already got.
 */
@Component
class TelegramMessenger implements ClientMessenger {

  /** Telegram's caption limit; longer texts go as a message of their own. */
  static final int MAX_CAPTION = 1024;

  private final ConnectorSettingsService connectors;
  private final TelegramBotApi api;
  private final TelegramDeliveries deliveries;
  private final TelegramProperties properties;
  private final AttachmentStore files;

  /** The Bot API's own limits for uploads: photos up to 10 MB, other files up to 50 MB. */
  static final long MAX_PHOTO_BYTES = 10L * 1024 * 1024;
  static final long MAX_UPLOAD_BYTES = 50L * 1024 * 1024;
  private static final java.util.Set<String> PHOTO_TYPES = java.util.Set.of("image/jpeg", "image/png", "image/webp");

  TelegramMessenger(
      ConnectorSettingsService connectors, TelegramBotApi api, TelegramDeliveries deliveries, TelegramProperties properties,
      AttachmentStore files) {
    this.files = files;
    this.connectors = connectors;
    this.api = api;
    this.deliveries = deliveries;
    this.properties = properties;
  }

  @Override
  public String connectorType() {
    return ConnectorTypes.TELEGRAM;
  }

  @Override
  public void deliver(OutboundMessage message) throws DeliveryException {
    Optional<ConnectorSettings> connector = connectors.find(message.connectorId(), ConnectorTypes.TELEGRAM);
    if (connector.isEmpty()) {
      throw DeliveryException.permanent("No Telegram connector " + message.connectorId() + " is configured any more");
    }
    String token = connector.get().telegram().botToken();
    URI baseUrl = baseUrl(connector.get(), properties);
    String text = message.text() == null ? "" : message.text();
    List<OutboundMessage.Attachment> files = message.attachments();
    boolean textAsCaption = !files.isEmpty() && text.length() <= MAX_CAPTION;
    if (!text.isEmpty() && !textAsCaption) {
      String part = message.messageId() + ":text";
      if (!deliveries.delivered(part)) {
        long sent = message.ratingRequest()
            ? api.sendMessage(baseUrl, token, message.clientId(), text, TelegramRatings.keyboard(message.conversationId()))
            : api.sendMessage(baseUrl, token, message.clientId(), text);
        deliveries.record(part, sent);
      }
    }
    for (int i = 0; i < files.size(); i++) {
      String part = message.messageId() + ":file-" + i;
      if (deliveries.delivered(part)) {
        continue;
      }
      String caption = i == 0 && textAsCaption && !text.isEmpty() ? text : null;
      OutboundMessage.Attachment file = files.get(i);
      long sent = AttachmentStore.isStored(file.url())
          ? upload(baseUrl, token, message.clientId(), file, caption)
          : api.sendDocument(baseUrl, token, message.clientId(), document(file), caption);
      deliveries.record(part, sent);
    }
  }

  private long upload(URI baseUrl, String token, String chatId, OutboundMessage.Attachment attachment, String caption)
      throws DeliveryException {
    AttachmentStore.StoredFile stored = this.files.find(attachment.url())
        .orElseThrow(() -> DeliveryException.permanent("File " + attachment.name() + " is no longer stored"));
    if (stored.size() > MAX_UPLOAD_BYTES) {
      throw DeliveryException.permanent("Telegram bots can send files up to 50 MB; " + stored.name() + " has " + stored.size() + " bytes");
    }
    boolean photo = PHOTO_TYPES.contains(stored.contentType()) && stored.size() <= MAX_PHOTO_BYTES;
    byte[] content;
    try {
      content = this.files.read(stored);
    } catch (java.io.IOException | java.io.UncheckedIOException unreadable) {
      throw DeliveryException.temporary("Reading file " + stored.name() + " failed: " + unreadable.getMessage(),
          java.time.Duration.ZERO, unreadable);
    }
    return api.sendUpload(baseUrl, token, chatId, photo, stored.name(), stored.contentType(), content, caption);
  }

  /** Edits by editMessageText (a file's caption by editMessageCaption), deletions by deleteMessage. */
  @Override
  public boolean carriesChanges() {
    return true;
  }

  @Override
  public void change(MessageChange change) throws DeliveryException {
    if (deliveries.delivered(change.changeId())) {
      return;
    }
    Optional<ConnectorSettings> connector = connectors.find(change.connectorId(), ConnectorTypes.TELEGRAM);
    if (connector.isEmpty()) {
      throw DeliveryException.permanent("No Telegram connector " + change.connectorId() + " is configured any more");
    }
    String token = connector.get().telegram().botToken();
    URI baseUrl = baseUrl(connector.get(), properties);
    // The parts the client got, by the message ids Telegram gave them when they were sent.
    Optional<Long> textPart = deliveries.telegramMessageId(change.messageId() + ":text");
    List<Long> fileParts = new ArrayList<>();
    for (int i = 0; ; i++) {
      Optional<Long> file = deliveries.telegramMessageId(change.messageId() + ":file-" + i);
      if (file.isEmpty()) {
        break;
      }
      fileParts.add(file.get());
    }
    try {
      if (change.kind() == MessageChange.Kind.EDIT) {
        String text = change.text() == null ? "" : change.text();
        if (textPart.isPresent()) {
          api.editMessageText(baseUrl, token, change.clientId(), textPart.get(), text);
        } else if (!fileParts.isEmpty() && text.length() <= MAX_CAPTION) {
          api.editMessageCaption(baseUrl, token, change.clientId(), fileParts.getFirst(), text);
        }
      } else {
        for (long part : textPart.map(List::of).orElse(List.of())) {
          api.deleteMessage(baseUrl, token, change.clientId(), part);
        }
        for (long part : fileParts) {
          api.deleteMessage(baseUrl, token, change.clientId(), part);
        }
      }
    } catch (DeliveryException failure) {
      if (!failure.permanent() || !failure.getMessage().contains("message is not modified")) {
        throw failure;
      }
      // The client's copy already reads so (an edit repeated after a lost answer).
    }
    deliveries.record(change.changeId(), 0);
  }

  /** The connector's own Bot API address (a local Bot API server), else the configured one. */
  static URI baseUrl(ConnectorSettings connector, TelegramProperties properties) {
    URI own = connector.telegram().apiBaseUrl();
    return own != null ? own : properties.apiBaseUrl();
  }

  /** A file a client sent through Telegram goes back by its file_id; any other by its URL. */
  private static String document(OutboundMessage.Attachment attachment) {
    String url = attachment.url();
    return url.startsWith(TelegramUpdateReader.FILE_REFERENCE_PREFIX)
        ? url.substring(TelegramUpdateReader.FILE_REFERENCE_PREFIX.length())
        : url;
  }
}
