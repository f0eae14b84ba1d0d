package dev.openlines.conversation;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * One conversation read by its id, whole or only the facts a caller shows (when it opened, who writes,
 * when it was last active). Every read here goes by {@code _id} or by the messages' (conversationId,
 * createdAt) index: the operator's inbox is polled and calls them for every row.
 */
@Component
public class ConversationReads {

  private final MongoTemplate mongo;

  ConversationReads(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  public Optional<Conversation> find(String conversationId) {
    return Optional.ofNullable(mongo.findById(conversationId, Conversation.class));
  }

  /** The name from the client's newest message that carries one: operators need to know who writes, not an id. */
  public Optional<String> clientName(String conversationId) {
    Query named =
        Query.query(Criteria.where("conversationId").is(conversationId).and("client.name").ne(null))
            .with(Sort.by(Sort.Direction.DESC, "createdAt"))
            .limit(1);
    named.fields().include("client");
    return Optional.ofNullable(mongo.findOne(named, ConversationMessage.class)).map(message -> message.getClient().name());
  }

  /** The later of the newest message's time and the conversation's last change. */
  public Instant lastActivityAt(Conversation conversation) {
    Query newest =
        Query.query(Criteria.where("conversationId").is(conversation.getId()))
            .with(Sort.by(Sort.Direction.DESC, "createdAt"))
            .limit(1);
    newest.fields().include("createdAt");
    ConversationMessage last = mongo.findOne(newest, ConversationMessage.class);
    return last == null ? conversation.getUpdatedAt() : later(last.getCreatedAt(), conversation.getUpdatedAt());
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
