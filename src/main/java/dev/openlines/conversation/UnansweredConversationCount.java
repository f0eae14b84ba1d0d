package dev.openlines.conversation;

import dev.openlines.ratelimit.UnansweredConversations;
import java.util.List;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** The unanswered conversations of a connector, counted in the store for the waiting cap of public chats. */
@Component
class UnansweredConversationCount implements UnansweredConversations {

  private static final List<ConversationStatus> UNANSWERED =
      List.of(ConversationStatus.NEW, ConversationStatus.WITH_BOT, ConversationStatus.WAITING, ConversationStatus.OFFERED);

  private final MongoTemplate mongo;

  UnansweredConversationCount(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public long of(String connectorId) {
    return mongo.count(
        Query.query(Criteria.where("connectorId").is(connectorId).and("status").in(UNANSWERED)), Conversation.class);
  }
}
