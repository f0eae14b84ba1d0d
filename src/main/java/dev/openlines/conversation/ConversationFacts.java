package dev.openlines.conversation;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Single facts of one conversation, for packages that need a fact, not the conversation: each is one read
 * by id that returns only that field. Empty when no such conversation is stored.
 */
@Component
public class ConversationFacts {

  private final MongoTemplate mongo;

  ConversationFacts(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** The open channel the conversation belongs to. */
  public Optional<String> channelOf(String conversationId) {
    return field(conversationId, "channelId").map(Conversation::getChannelId);
  }

  /** The status the conversation has now. */
  public Optional<ConversationStatus> statusOf(String conversationId) {
    return field(conversationId, "status").map(Conversation::getStatus);
  }

  /** When the conversation was opened: stored with the client's first message. */
  public Optional<Instant> openedAt(String conversationId) {
    return field(conversationId, "createdAt").map(Conversation::getCreatedAt);
  }

  private Optional<Conversation> field(String conversationId, String field) {
    Query byId = Query.query(Criteria.where("_id").is(conversationId));
    byId.fields().include(field);
    return Optional.ofNullable(mongo.findOne(byId, Conversation.class));
  }
}
