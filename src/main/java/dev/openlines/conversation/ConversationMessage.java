package dev.openlines.conversation;

import dev.openlines.connector.OutboundMessage.Attachment;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One message of a conversation, from the client, an operator, the bot or OpenLines itself.
 * Indexes: see {@link ConversationMessageStore}. {@code connectorId} and {@code externalMessageId}
 * are set on inbound messages only, so the unique sparse index over them ignores outgoing ones.
 */
@Document(ConversationMessage.COLLECTION)
public class ConversationMessage {

  static final String COLLECTION = "conversationMessages";

  @Id private String id;
  private String conversationId;
  private MessageAuthor author;
  private String operatorId;
  private String text;
  /** Seen by operators only, never delivered to the client. */
  private boolean silent;
  private List<Attachment> attachments;
  private String connectorId;
  private String externalMessageId;
  private DeliveryStatus delivery;
  private String deliveryError;
  private Instant createdAt;
  private Instant deliveredAt;
  private Instant editedAt;
  private Instant deletedAt;

  @PersistenceCreator
  ConversationMessage() {}

  /** A message from the client as its connector delivered it. */
  public static ConversationMessage inbound(
      String id, String conversationId, String connectorId, String externalMessageId, String text,
      List<Attachment> attachments, Instant createdAt) {
    ConversationMessage message = new ConversationMessage();
    message.id = id;
    message.conversationId = conversationId;
    message.author = MessageAuthor.CLIENT;
    message.connectorId = connectorId;
    message.externalMessageId = externalMessageId;
    message.text = text;
    message.attachments = attachments == null ? List.of() : List.copyOf(attachments);
    message.createdAt = createdAt;
    return message;
  }

  /** A message to the client (or, when silent, a note for operators only). */
  public static ConversationMessage outgoing(
      String id, String conversationId, MessageAuthor author, String operatorId, String text, boolean silent,
      List<Attachment> attachments, Instant createdAt) {
    ConversationMessage message = new ConversationMessage();
    message.id = id;
    message.conversationId = conversationId;
    message.author = author;
    message.operatorId = operatorId;
    message.text = text;
    message.silent = silent;
    message.attachments = attachments == null ? List.of() : List.copyOf(attachments);
    message.delivery = silent ? DeliveryStatus.NOT_SENT : DeliveryStatus.PENDING;
    message.createdAt = createdAt;
    return message;
  }

  public String getId() {
    return id;
  }

  public String getConversationId() {
    return conversationId;
  }

  public MessageAuthor getAuthor() {
    return author;
  }

  public String getOperatorId() {
    return operatorId;
  }

  public String getText() {
    return text;
  }

  public boolean isSilent() {
    return silent;
  }

  public List<Attachment> getAttachments() {
    return attachments == null ? List.of() : attachments;
  }

  public String getConnectorId() {
    return connectorId;
  }

  public String getExternalMessageId() {
    return externalMessageId;
  }

  public DeliveryStatus getDelivery() {
    return delivery;
  }

  public String getDeliveryError() {
    return deliveryError;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getDeliveredAt() {
    return deliveredAt;
  }

  public Instant getEditedAt() {
    return editedAt;
  }

  public Instant getDeletedAt() {
    return deletedAt;
  }
}
