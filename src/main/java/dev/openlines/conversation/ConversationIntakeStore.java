package dev.openlines.conversation;

import java.time.Clock;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** The conversations intake opens for clients' messages, in the store. */
@Component
public class ConversationIntakeStore {

  private final MongoTemplate mongo;
  private final Clock clock;

  ConversationIntakeStore(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /**
   * Stores the client's conversation, status NEW, unless a conversation with this id is stored already
   * (then nothing of it changes): concurrent deliveries of one client's messages may all call it.
   */
  public void openUnlessStored(String id, String channelId, String connectorType, String connectorId, String clientId) {
    Instant now = clock.instant();
    try {
      mongo.upsert(
          Query.query(Criteria.where("_id").is(id)),
          new Update()
              .setOnInsert("channelId", channelId)
              .setOnInsert("connectorType", connectorType)
              .setOnInsert("connectorId", connectorId)
              .setOnInsert("clientId", clientId)
              .setOnInsert("status", ConversationStatus.NEW)
              .setOnInsert("createdAt", now)
              .setOnInsert("updatedAt", now)
              .setOnInsert("version", 0L),
          Conversation.class);
    } catch (DuplicateKeyException storedConcurrently) {
      // The same conversation was stored by a concurrent delivery: that is the goal.
    }
  }

  /** How many conversations are still NEW (not yet routed), counted on the status index. */
  public long countNew() {
    return mongo.count(Query.query(Criteria.where("status").is(ConversationStatus.NEW)), Conversation.class);
  }
}
