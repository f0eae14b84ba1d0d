package dev.openlines.connector;

import java.util.List;

/**
 * A message to deliver to a client through the connector the conversation came from.
 *
 * @param messageId OpenLines' own id of the message; connectors use it as the idempotency key, so
 *     a redelivered send job does not reach the client twice
 * @param connectorType e.g. {@code telegram}, {@code livechat}
 * @param connectorId the connector instance (one per type per open channel)
 * @param clientId the client's address on that connector (Telegram chat id, live-chat session, ...)
 * @param text plain text; may be empty when only attachments are sent
 * @param attachments files to send with the text
 */
public record OutboundMessage(
    String messageId,
    String conversationId,
    String connectorType,
    String connectorId,
    String clientId,
    String text,
    List<Attachment> attachments) {

  public OutboundMessage {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** A file reference: where to download it and what it is. */
  public record Attachment(String name, String contentType, long size, String url) {}
}
