package dev.openlines.conversation;

import dev.openlines.connector.InboundMessage.ClientProfile;
import dev.openlines.connector.OutboundMessage.Attachment;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One message of a conversation, from the client, an operator, the bot or OpenLines itself: the one
 * message store of OpenLines (ingestion, sending, transcripts and history all read and write it).
 * Indexes: see {@link ConversationMessageStore}. {@code connectorId} and {@code externalMessageId}
 * are set on inbound messages only, so the unique sparse index over them ignores outgoing ones.
 * An inbound message is stored before it has a conversation ({@code conversationId} null until the
 * ingestion assigns it); {@code createdAt} is when OpenLines received it, {@code sentAt} when the
 * client sent it by the messenger's clock.
 */
@Document(ConversationMessage.COLLECTION)
public class ConversationMessage {

  public static final String COLLECTION = "conversationMessages";

  @Id private String id;
  private String conversationId;
  private MessageAuthor author;
  private String operatorId;
  private String text;
  /** Seen by operators only, never delivered to the client. */
  private boolean silent;
  private List<StoredAttachment> attachments;
  private String connectorId;
  private String connectorType;
  private String channelId;
  private String externalMessageId;
  private String clientId;
  private ClientProfile client;
  private Instant sentAt;
  /** Inbound only: true when this message created its conversation (its process was started for it). */
  private Boolean opensConversation;
  /**
   * Inbound only: true once its process command is in the outbox. A redelivery of a queued message is
   * only acknowledged; one not queued yet finishes the work a crashed delivery began.
   */
  private Boolean queued;
  private DeliveryStatus delivery;
  private String deliveryError;
  /** Failed delivery attempts so far (temporary failures); null when the first attempt succeeded. */
  private Integer deliveryAttempts;
  /** While RETRYING: when the background retry tries again. */
  private Instant nextDeliveryAttemptAt;
  private Instant createdAt;
  /**
   * Where it stands among the messages stored before and after it ({@link MessageOrder}): a history lists
   * two messages stored within one millisecond in the order they came. Null on messages stored before it
   * was kept.
   */
  private Long storedOrder;
  private Instant deliveredAt;
  /** Outgoing only: when the messenger reported it on the client's device (WhatsApp, Messenger, Viber receipts). */
  private Instant receivedByClientAt;
  /** Outgoing only: when the messenger reported the client read it. */
  private Instant readByClientAt;
  private Instant editedAt;
  private Instant deletedAt;
  /** Outgoing only: the channel's rating request, sent with rating buttons where the messenger has them. */
  private Boolean ratingRequest;

  @PersistenceCreator
  ConversationMessage() {}

  /**
   * A file of a message.
   *
   * @param downloadReference where the connector can fetch it (Telegram: {@code telegram-file:<file_id>},
   *     outgoing: its URL); null when the file was over the connector's size limit
   * @param tooLarge the file exceeded the connector's limit, so only its metadata is kept
   */
  public record StoredAttachment(String name, String contentType, long size, String downloadReference, boolean tooLarge) {}

  /**
   * A message from the client as its connector delivered it; ingestion stores it before it has a
   * conversation (conversationId null) and assigns it then.
   *
   * @param receivedAt when OpenLines received it
   * @param sentAt when the client sent it, by the messenger's clock (may be null)
   */
  public static ConversationMessage inbound(
      String id, String conversationId, String connectorId, String connectorType, String channelId, String externalMessageId,
      String clientId, ClientProfile client, String text, List<StoredAttachment> attachments, Instant sentAt, Instant receivedAt) {
    ConversationMessage message = new ConversationMessage();
    message.id = id;
    message.conversationId = conversationId;
    message.author = MessageAuthor.CLIENT;
    message.connectorId = connectorId;
    message.connectorType = connectorType;
    message.channelId = channelId;
    message.externalMessageId = externalMessageId;
    message.clientId = clientId;
    message.client = client;
    message.text = text;
    message.attachments = attachments == null ? List.of() : List.copyOf(attachments);
    message.sentAt = sentAt;
    message.createdAt = receivedAt;
    message.queued = false;
    return message;
  }

  /** This inbound message as it reads once assigned to its conversation (what ingestion stored, not re-read). */
  public ConversationMessage assignedTo(String conversationId) {
    ConversationMessage assigned = inbound(id, conversationId, connectorId, connectorType, channelId, externalMessageId,
        clientId, client, text, attachments, millis(sentAt), millis(createdAt));
    assigned.queued = queued;
    assigned.storedOrder = storedOrder;
    return assigned;
  }

  /** This message, about to be stored at {@code order} among all messages. */
  ConversationMessage storedAs(long order) {
    this.storedOrder = order;
    return this;
  }

  /** As the store keeps an instant (and a read would return it). */
  private static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
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
    message.attachments =
        attachments == null
            ? List.of()
            : attachments.stream().map(a -> new StoredAttachment(a.name(), a.contentType(), a.size(), a.url(), false)).toList();
    message.delivery = silent ? DeliveryStatus.NOT_SENT : DeliveryStatus.PENDING;
    message.createdAt = createdAt;
    return message;
  }

  /** The same outgoing message, as the channel's rating request. */
  public ConversationMessage asRatingRequest() {
    this.ratingRequest = true;
    return this;
  }

  public boolean isRatingRequest() {
    return Boolean.TRUE.equals(ratingRequest);
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

  public List<StoredAttachment> getAttachments() {
    return attachments == null ? List.of() : attachments;
  }

  /** The files a messenger can send on: each with its download reference (a too-large one has none and is left out). */
  public List<Attachment> outgoingAttachments() {
    return getAttachments().stream()
        .filter(a -> a.downloadReference() != null)
        .map(a -> new Attachment(a.name(), a.contentType(), a.size(), a.downloadReference()))
        .toList();
  }

  public String getConnectorId() {
    return connectorId;
  }

  public String getExternalMessageId() {
    return externalMessageId;
  }

  public String getConnectorType() {
    return connectorType;
  }

  public String getChannelId() {
    return channelId;
  }

  public String getClientId() {
    return clientId;
  }

  public ClientProfile getClient() {
    return client;
  }

  public Instant getSentAt() {
    return sentAt;
  }

  public Boolean getOpensConversation() {
    return opensConversation;
  }

  public Boolean getQueued() {
    return queued;
  }

  public DeliveryStatus getDelivery() {
    return delivery;
  }

  public String getDeliveryError() {
    return deliveryError;
  }

  public Integer getDeliveryAttempts() {
    return deliveryAttempts;
  }

  public Instant getNextDeliveryAttemptAt() {
    return nextDeliveryAttemptAt;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getDeliveredAt() {
    return deliveredAt;
  }

  public Instant getReceivedByClientAt() {
    return receivedByClientAt;
  }

  public Instant getReadByClientAt() {
    return readByClientAt;
  }

  public Instant getEditedAt() {
    return editedAt;
  }

  public Instant getDeletedAt() {
    return deletedAt;
  }
}
