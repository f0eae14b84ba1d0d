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
 * @param ratingRequest the channel's rating request: a messenger with buttons (Telegram) adds like and
 *     dislike buttons, whose press comes back as the client's rating; others send the text alone
 */
public record OutboundMessage(
    String messageId,
    String conversationId,
    String connectorType,
    String connectorId,
    String clientId,
    String text,
    List<Attachment> attachments,
    boolean ratingRequest) {

  public OutboundMessage {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** A plain message (text and files). */
  public OutboundMessage(
      String messageId, String conversationId, String connectorType, String connectorId, String clientId, String text,
      List<Attachment> attachments) {
    this(messageId, conversationId, connectorType, connectorId, clientId, text, attachments, false);
  }

  /** A file reference: where to download it and what it is. */
  public record Attachment(String name, String contentType, long size, String url) {}
}
