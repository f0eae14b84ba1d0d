package dev.openlines.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Stores conversation messages. Indexes, created at start-up:
 * <ul>
 *   <li>{@code inbound_sender_message}: unique and sparse on (connectorId, clientId, externalMessageId):
 *       a redelivered webhook is stored once. The sender's identity on the connector is part of the key,
 *       so a client cannot collide with another client's ids (live-chat browsers choose their own ids).
 *       Outgoing messages carry none of these fields and are ignored. The older index over
 *       (connectorId, externalMessageId) alone is dropped at start-up where a store still has it.
 *   <li>{@code conversation_created}: (conversationId, createdAt) for a conversation's history.
 * </ul>
 * Outgoing messages sent by the process have a key derived from the step that sent them as id, so
 * the {@code _id} index makes a redelivered job store nothing new.
 */
@Repository
public class ConversationMessageStore {

  static final String INBOUND_INDEX = "inbound_sender_message";
  /** Keyed without the sender: let one client's id swallow another's message. */
  static final String OLD_INBOUND_INDEX = "inbound_external_id";
  private final MongoTemplate mongo;
  private final MessageOrder order;

  public ConversationMessageStore(MongoTemplate mongo, MessageOrder order) {
    this.mongo = mongo;
    this.order = order;
    var indexes = mongo.indexOps(ConversationMessage.class);
    if (indexes.getIndexInfo().stream().anyMatch(index -> index.getName().equals(OLD_INBOUND_INDEX))) {
      indexes.dropIndex(OLD_INBOUND_INDEX);
    }
    indexes.createIndex(
        new Index().on("connectorId", Sort.Direction.ASC).on("clientId", Sort.Direction.ASC)
            .on("externalMessageId", Sort.Direction.ASC)
            .unique().sparse().named(INBOUND_INDEX));
    indexes.createIndex(
        new Index().on("conversationId", Sort.Direction.ASC).on("createdAt", Sort.Direction.ASC)
            .named("conversation_created"));
    // The client's latest message on a connector (which conversation a new message joins).
    indexes.createIndex(
        new Index().on("connectorId", Sort.Direction.ASC).on("clientId", Sort.Direction.ASC)
            .on("createdAt", Sort.Direction.ASC).named("client_latest"));
    // The supervisor's keyword search reads the messages of a bounded period.
    indexes.createIndex(new Index().on("createdAt", Sort.Direction.ASC).named("created"));
  }

  /**
   * Stores a client's message once; a redelivery from the same sender returns the message stored the
   * first time. The same external id from another sender is another message.
   */
  public Stored storeInbound(ConversationMessage message) {
    try {
      return new Stored(mongo.insert(message.storedAs(order.next())), true);
    } catch (DuplicateKeyException duplicate) {
      // Through a projection: a concurrent delivery may be assigning this very message meanwhile.
      Query earlier =
          Query.query(Criteria.where("connectorId").is(message.getConnectorId())
              .and("clientId").is(message.getClientId())
              .and("externalMessageId").is(message.getExternalMessageId()));
      earlier.fields().include("conversationId", "author", "connectorId", "connectorType", "channelId", "externalMessageId",
          "clientId", "text", "createdAt", "opensConversation", "queued");
      ConversationMessage first = mongo.findOne(earlier, ConversationMessage.class);
      if (first == null) {
        throw duplicate; // the id itself was taken: a caller bug, not a redelivery
      }
      return new Stored(first, false);
    }
  }

  /**
   * Stores an outgoing message unless one with its id exists.
   *
   * @return the delivery status now stored under that id: PENDING for a new message
   */
  public DeliveryStatus storeOutgoingOnce(ConversationMessage message) {
    try {
      mongo.insert(message.storedAs(order.next()));
      return message.getDelivery();
    } catch (DuplicateKeyException alreadyStored) {
      return deliveryStatus(message.getId()).orElseThrow(() -> alreadyStored);
    }
  }

  /** Read through a projection so a concurrent update cannot hand back a half-written document. */
  public Optional<DeliveryStatus> deliveryStatus(String messageId) {
    Query query = Query.query(Criteria.where("_id").is(messageId));
    query.fields().include("delivery");
    return Optional.ofNullable(mongo.findOne(query, ConversationMessage.class)).map(ConversationMessage::getDelivery);
  }

  public void markDelivered(String messageId, Instant at) {
    update(messageId, new Update().set("delivery", DeliveryStatus.DELIVERED).set("deliveredAt", at)
        .unset("deliveryError").unset("nextDeliveryAttemptAt"));
  }

  /** A temporary failure: the message stays in the queue and is tried again at {@code nextAttemptAt}. */
  public void markRetrying(String messageId, String error, Instant nextAttemptAt) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(messageId).and("delivery").in(DeliveryStatus.PENDING, DeliveryStatus.RETRYING)),
        new Update().set("delivery", DeliveryStatus.RETRYING).set("deliveryError", error)
            .set("nextDeliveryAttemptAt", nextAttemptAt).inc("deliveryAttempts", 1),
        ConversationMessage.class);
  }

  public void markRefused(String messageId, String error) {
    update(messageId, new Update().set("delivery", DeliveryStatus.REFUSED).set("deliveryError", error).unset("nextDeliveryAttemptAt"));
  }

  /** The operator deleted it before it went out: it never will, and nothing of it reaches the client. */
  public void markWithdrawn(String messageId, String reason) {
    update(messageId, new Update().set("delivery", DeliveryStatus.NOT_SENT).set("deliveryError", reason).unset("nextDeliveryAttemptAt"));
  }

  /** Operators may correct a message; the text is replaced and the edit time recorded. */
  public boolean edit(String messageId, String text, Instant at) {
    return mongo.updateFirst(
            Query.query(Criteria.where("_id").is(messageId).and("deletedAt").exists(false)),
            new Update().set("text", text).set("editedAt", at),
            ConversationMessage.class)
        .getMatchedCount() == 1;
  }

  /** Deleted messages stay in the history for supervisors, marked with the deletion time. */
  public boolean delete(String messageId, Instant at) {
    return mongo.updateFirst(
            Query.query(Criteria.where("_id").is(messageId).and("deletedAt").exists(false)),
            new Update().set("deletedAt", at),
            ConversationMessage.class)
        .getMatchedCount() == 1;
  }

  /** What a delivery needs, read through a projection so a concurrent update cannot hand back a half-written document. */
  public Optional<ConversationMessage> forDelivery(String messageId) {
    Query query = Query.query(Criteria.where("_id").is(messageId));
    query.fields().include("conversationId", "text", "attachments", "delivery", "createdAt", "ratingRequest", "deletedAt");
    return Optional.ofNullable(mongo.findOne(query, ConversationMessage.class));
  }

  public Optional<ConversationMessage> find(String messageId) {
    return Optional.ofNullable(mongo.findById(messageId, ConversationMessage.class));
  }

  /** When the message was stored, if it is one of this conversation's. */
  public Optional<Instant> storedAt(String conversationId, String messageId) {
    Query query = Query.query(Criteria.where("_id").is(messageId).and("conversationId").is(conversationId));
    query.fields().include("createdAt");
    return Optional.ofNullable(mongo.findOne(query, ConversationMessage.class)).map(ConversationMessage::getCreatedAt);
  }

  public List<ConversationMessage> history(String conversationId) {
    return mongo.find(
        Query.query(Criteria.where("conversationId").is(conversationId)).with(Sort.by("createdAt", "storedOrder", "_id")),
        ConversationMessage.class);
  }

  private void update(String messageId, Update update) {
    mongo.updateFirst(Query.query(Criteria.where("_id").is(messageId)), update, ConversationMessage.class);
  }

  /** @param isNew false when the message had been stored before (a redelivery) */
  public record Stored(ConversationMessage message, boolean isNew) {}
}
