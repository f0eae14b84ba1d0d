package dev.openlines.conversation;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * Indexes of the conversations collection that hot-path counts need (Spring Data creates no index from
 * {@code @Indexed} unless auto-index-creation is on, which it is not): intake admission counts NEW
 * conversations but for those held until their channel opens ({@code status_reopening}), the live-chat
 * waiting cap counts a connector's unanswered ones.
 */
@Component
class ConversationIndexes {

  ConversationIndexes(MongoTemplate mongo) {
    var indexes = mongo.indexOps(Conversation.class);
    // Queries by status alone use its first field, as they used the index "status" that came before it (a
    // store made by an earlier version keeps that one too).
    indexes.createIndex(new Index().on("status", Sort.Direction.ASC)
        .on(ConversationDeadlines.Deadline.REOPENING.path(), Sort.Direction.ASC).named("status_reopening"));
    indexes.createIndex(
        new Index().on("connectorId", Sort.Direction.ASC).on("status", Sort.Direction.ASC).named("connector_status"));
  }
}
