package dev.openlines.tasklist;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

@Repository
class ConversationMarks {

  private final MongoTemplate mongo;

  ConversationMarks(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  void set(String operatorId, String conversationId, String field, boolean value) {
    mongo.upsert(
        Query.query(Criteria.where("_id").is(ConversationMark.id(operatorId, conversationId))),
        new Update().set(field, value).setOnInsert("operatorId", operatorId).setOnInsert("conversationId", conversationId),
        ConversationMark.class);
  }

  /** The operator's marks by conversation id. */
  Map<String, ConversationMark> of(String operatorId) {
    return mongo.find(Query.query(Criteria.where("operatorId").is(operatorId)), ConversationMark.class).stream()
        .collect(Collectors.toMap(ConversationMark::conversationId, Function.identity()));
  }
}
