package dev.openlines.conversation;

import dev.openlines.conversation.ConversationDeadlines.Deadline;
import java.time.Instant;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** Keeps the deadlines of a conversation's running timers on the stored conversation. */
@Service
public class ConversationDeadlineService {

  private final MongoTemplate mongo;

  public ConversationDeadlineService(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /**
   * Stores the deadline a process step arms, once per step: a redelivered job of the same step
   * gets the deadline stored the first time, not a later one.
   *
   * @param stepKey the arming step, from {@link StepKeys#step}
   * @return the deadline now in force; empty when no such conversation is stored
   */
  public Optional<Instant> armOnce(String conversationId, Deadline deadline, Instant due, String stepKey) {
    String stepPath = "deadlineSteps." + deadline.variable();
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId).and(stepPath).ne(stepKey)),
        new Update().set(deadline.path(), due).set(stepPath, stepKey),
        Conversation.class);
    Query query = byId(conversationId);
    query.fields().include(deadline.path());
    return Optional.ofNullable(mongo.findOne(query, Conversation.class))
        .map(Conversation::getDeadlines)
        .map(stored -> stored.get(deadline));
  }

  /** @return false when no such conversation is stored */
  public boolean set(String conversationId, Deadline deadline, Instant at) {
    return mongo.updateFirst(byId(conversationId), new Update().set(deadline.path(), at), Conversation.class).getMatchedCount() == 1;
  }

  public void clear(String conversationId, Deadline deadline) {
    mongo.updateFirst(byId(conversationId), new Update().unset(deadline.path()), Conversation.class);
  }

  public Optional<ConversationDeadlines> deadlines(String conversationId) {
    Query query = byId(conversationId);
    query.fields().include("deadlines");
    return Optional.ofNullable(mongo.findOne(query, Conversation.class)).map(Conversation::getDeadlines);
  }

  private static Query byId(String conversationId) {
    return Query.query(Criteria.where("_id").is(conversationId));
  }
}
