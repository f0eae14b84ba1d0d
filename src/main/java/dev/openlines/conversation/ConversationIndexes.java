package dev.openlines.conversation;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * Indexes of the conversations collection that hot-path counts need (Spring Data creates no index from
 * {@code @Indexed} unless auto-index-creation is on, which it is not). Intake admission counts the NEW
 * conversations that are not held until their channel opens, all of them and those opened in a span of
 * time ({@code status_reopening_created}; a store made by an earlier version keeps its {@code
 * status_reopening} as well). The live-chat waiting cap counts a connector's unanswered ones.
 */
@Component
class ConversationIndexes {

  ConversationIndexes(MongoTemplate mongo) {
    var indexes = mongo.indexOps(Conversation.class);
    // Queries by status alone use its first field, as they used the index "status" that came before it.
    indexes.createIndex(new Index().on("status", Sort.Direction.ASC)
        .on(ConversationDeadlines.Deadline.REOPENING.path(), Sort.Direction.ASC)
        .on("createdAt", Sort.Direction.ASC).named("status_reopening_created"));
    indexes.createIndex(
        new Index().on("connectorId", Sort.Direction.ASC).on("status", Sort.Direction.ASC).named("connector_status"));
  }
}
