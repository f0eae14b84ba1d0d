package dev.openlines.tasklist;

import java.util.List;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Colleagues the holder invited into a conversation: they read and write in it, the holder still owns
 * it (closing, transferring). One document per conversation; adding is one atomic {@code $addToSet}.
 */
@Repository
class ConversationParticipants {

  @Document("conversationParticipants")
  record Participants(@Id String conversationId, Set<String> operatorIds) {}

  private final MongoTemplate mongo;

  ConversationParticipants(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** @return false when the operator was already invited */
  boolean add(String conversationId, String operatorId) {
    try {
      var result =
          mongo.upsert(
              Query.query(Criteria.where("_id").is(conversationId).and("operatorIds").ne(operatorId)),
              new Update().addToSet("operatorIds", operatorId),
              Participants.class);
      return result.getModifiedCount() == 1 || result.getUpsertedId() != null;
    } catch (DuplicateKeyException alreadyInvited) {
      // The document exists and lists the operator, so the upsert tried to insert a second one.
      return false;
    }
  }

  boolean contains(String conversationId, String operatorId) {
    return mongo.exists(Query.query(Criteria.where("_id").is(conversationId).and("operatorIds").is(operatorId)), Participants.class);
  }

  List<String> conversationsOf(String operatorId) {
    return mongo.find(Query.query(Criteria.where("operatorIds").is(operatorId)), Participants.class).stream()
        .map(Participants::conversationId)
        .toList();
  }
}
