package dev.openlines.conversation.inbound;

import dev.openlines.connector.InboundMessage;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A client's message as OpenLines stored it, before anything else happened to it. Unique on
 * (connector, external message id), so a redelivered webhook is stored once.
 *
 * @param conversationId set once the message is assigned to a conversation
 * @param opensConversation true when this message created its conversation (its process is started
 *     for it); false when it was published to a running conversation as a client message
 * @param queued true once its process command is in the outbox: a redelivery of a queued message
 *     is only acknowledged; one that is not queued yet finishes the work a crashed delivery began
 */
@Document("received_messages")
public record ReceivedMessage(
    @Id String id,
    String connectorId,
    String connectorType,
    String channelId,
    String externalMessageId,
    String clientId,
    InboundMessage.ClientProfile client,
    String text,
    List<ReceivedAttachment> attachments,
    Instant sentAt,
    Instant receivedAt,
    Instant editedAt,
    String conversationId,
    Boolean opensConversation,
    Boolean queued) {

  /**
   * A file the client sent.
   *
   * @param downloadReference where the connector can fetch it (Telegram: {@code telegram-file:<file_id>});
   *     null when the file was over the connector's size limit
   * @param tooLarge the file exceeded the connector's limit, so only its metadata is kept
   */
  public record ReceivedAttachment(String name, String contentType, long size, String downloadReference, boolean tooLarge) {}
}
