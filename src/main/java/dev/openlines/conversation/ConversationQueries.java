package dev.openlines.conversation;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Lists of conversations by what they have in common: their state, their period. */
@Component
public class ConversationQueries {

  /** The statuses of a conversation a client or operator is still working in. */
  public static final Set<ConversationStatus> LIVE =
      EnumSet.of(ConversationStatus.NEW, ConversationStatus.WITH_BOT, ConversationStatus.WAITING, ConversationStatus.OFFERED, ConversationStatus.IN_PROGRESS);

  private final MongoTemplate mongo;

  ConversationQueries(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** The conversations still {@link #LIVE}, and those (closed ones too) whose last message could not be delivered. */
  public List<Conversation> liveOrUndelivered() {
    Query query = Query.query(
        new Criteria().orOperator(
            Criteria.where("status").in(LIVE),
            Criteria.where("lastDeliveryFailure").exists(true)));
    return mongo.find(query, Conversation.class);
  }

  /** The conversations opened in [from, to). */
  public List<Conversation> openedBetween(Instant from, Instant to) {
    return mongo.find(Query.query(Criteria.where("createdAt").gte(from).lt(to)), Conversation.class);
  }
}
