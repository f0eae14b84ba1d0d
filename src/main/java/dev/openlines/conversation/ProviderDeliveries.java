package dev.openlines.conversation;

import dev.openlines.conversation.ConversationMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Which parts of outbound messages a provider accepted, under which id of its own. The providers'
 * send calls have no idempotency key, so the part record keeps a retried send job from repeating a
 * part the client already got; the provider's id lets its delivery and read receipts find the
 * message. Both are looked up by {@code _id} only.
 */
@Component
public class ProviderDeliveries {

  /** What a provider's receipt says about an outbound message. */
  public enum Receipt { RECEIVED, READ }

  private final MongoTemplate mongo;
  private final Clock clock;

  public ProviderDeliveries(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /** @param part the message id plus which part of it, e.g. {@code <messageId>:text} */
  public boolean delivered(String part) {
    return mongo.exists(Query.query(Criteria.where("_id").is(part)), Delivered.class);
  }

  public void record(String part, String connectorId, String messageId, String providerMessageId) {
    Instant now = clock.instant();
    insertOnce(new Delivered(part, providerMessageId, now));
    if (providerMessageId != null && !providerMessageId.isBlank()) {
      insertOnce(new ProviderId(providerKey(connectorId, providerMessageId), messageId, now));
    }
  }

  /** Records a receipt on the outbound message the provider knows by this id; unknown ids are ignored. */
  public Optional<String> receipt(String connectorId, String providerMessageId, Receipt receipt, Instant at) {
    ProviderId known = mongo.findById(providerKey(connectorId, providerMessageId), ProviderId.class);
    if (known == null) {
      return Optional.empty();
    }
    Update update = new Update().min("receivedByClientAt", at);
    if (receipt == Receipt.READ) {
      update.min("readByClientAt", at);
    }
    mongo.updateFirst(Query.query(Criteria.where("_id").is(known.messageId())), update, ConversationMessage.class);
    return Optional.of(known.messageId());
  }

  /** The provider reported, after accepting it, that the message could not be delivered. */
  public void failedLater(String connectorId, String providerMessageId, String reason) {
    ProviderId known = mongo.findById(providerKey(connectorId, providerMessageId), ProviderId.class);
    if (known != null) {
      mongo.updateFirst(Query.query(Criteria.where("_id").is(known.messageId())),
          new Update().set("deliveryError", reason), ConversationMessage.class);
    }
  }

  private void insertOnce(Object record) {
    try {
      mongo.insert(record);
    } catch (DuplicateKeyException recordedConcurrently) {
      // A concurrent attempt recorded it; nothing to add.
    }
  }

  private static String providerKey(String connectorId, String providerMessageId) {
    return connectorId + "\n" + providerMessageId;
  }

  @Document("provider_deliveries")
  record Delivered(@Id String part, String providerMessageId, Instant deliveredAt) {}

  @Document("provider_message_ids")
  record ProviderId(@Id String key, String messageId, Instant recordedAt) {}
}
