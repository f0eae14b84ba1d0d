package dev.openlines.connector.telegram;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Sends operator messages to Telegram chats: text by {@code sendMessage}, files by
 * {@code sendDocument} with the text as caption of the first. Each part is recorded once Telegram
 * accepted it, so a redelivered send job skips what the client already got.
 */
@Component
class TelegramMessenger implements ClientMessenger {

  /** Telegram's caption limit; longer texts go as a message of their own. */
  static final int MAX_CAPTION = 1024;

  private final ConnectorSettingsService connectors;
  private final TelegramBotApi api;
  private final TelegramDeliveries deliveries;
  private final TelegramProperties properties;

  TelegramMessenger(
      ConnectorSettingsService connectors, TelegramBotApi api, TelegramDeliveries deliveries, TelegramProperties properties) {
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
    URI own = connector.get().telegram().apiBaseUrl();
    URI baseUrl = own != null ? own : properties.apiBaseUrl();
    String text = message.text() == null ? "" : message.text();
    List<OutboundMessage.Attachment> files = message.attachments();
    boolean textAsCaption = !files.isEmpty() && text.length() <= MAX_CAPTION;
    if (!text.isEmpty() && !textAsCaption) {
      String part = message.messageId() + ":text";
      if (!deliveries.delivered(part)) {
        deliveries.record(part, api.sendMessage(baseUrl, token, message.clientId(), text));
      }
    }
    for (int i = 0; i < files.size(); i++) {
      String part = message.messageId() + ":file-" + i;
      if (deliveries.delivered(part)) {
        continue;
      }
      String caption = i == 0 && textAsCaption && !text.isEmpty() ? text : null;
      deliveries.record(part, api.sendDocument(baseUrl, token, message.clientId(), document(files.get(i)), caption));
    }
  }

  /** A file a client sent through Telegram goes back by its file_id; any other by its URL. */
  private static String document(OutboundMessage.Attachment attachment) {
    String url = attachment.url();
    return url.startsWith(TelegramUpdateReader.FILE_REFERENCE_PREFIX)
        ? url.substring(TelegramUpdateReader.FILE_REFERENCE_PREFIX.length())
        : url;
  }
}
