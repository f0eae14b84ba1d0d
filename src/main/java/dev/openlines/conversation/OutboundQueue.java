package dev.openlines.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Outgoing messages the messenger has not accepted yet, one document per conversation holding its
 * undelivered message ids in the order they were written. A conversation's messages go out in that
 * order: a new message waits behind an older one still queued. The collection holds only
 * conversations with undelivered messages, so it is empty while every messenger is up; the
 * background retry reads it through the index on {@code nextAttemptAt}, never the message collection.
 * All state is here (not in memory), so retries survive a restart.
 */
@Repository
public class OutboundQueue {

  private final MongoTemplate mongo;
  private final ServiceRuns runs;

  public OutboundQueue(MongoTemplate mongo, ServiceRuns runs) {
    this.mongo = mongo;
    this.runs = runs;
    mongo.indexOps(Waiting.class).createIndex(new Index().on("nextAttemptAt", Sort.Direction.ASC).named("next_attempt"));
    mongo.indexOps(Waiting.class).createIndex(new Index().on("heldBy", Sort.Direction.ASC).named("held_by"));
  }

  /**
   * A conversation with undelivered messages.
   *
   * @param messageIds undelivered messages, oldest first; the first is the one being retried
   * @param nextAttemptAt when the first may be tried again; while one retrier works on it, the end of its lease
   * @param attempts failed attempts of the first message
   * @param heldBy the run ({@link ServiceRuns}) whose retrier works on it right now, else null
   */
  @Document("outboundQueue")
  public record Waiting(@Id String conversationId, List<String> messageIds, Instant nextAttemptAt, int attempts, String heldBy) {}

  /** Whether the conversation has undelivered messages a new one must wait behind. */
  public boolean hasWaiting(String conversationId) {
    return mongo.exists(Query.query(Criteria.where("_id").is(conversationId).and("messageIds.0").exists(true)), Waiting.class);
  }

  public boolean holds(String conversationId, String messageId) {
    return mongo.exists(Query.query(Criteria.where("_id").is(conversationId).and("messageIds").is(messageId)), Waiting.class);
  }

  /**
   * Appends the message once (a repeated append keeps its first place).
   *
   * @param firstAttemptAt when to try it, if the conversation had nothing queued
   */
  public void append(String conversationId, String messageId, Instant firstAttemptAt, int attemptsSoFar) {
    mongo.upsert(
        Query.query(Criteria.where("_id").is(conversationId)),
        new Update().addToSet("messageIds", messageId)
            .setOnInsert("nextAttemptAt", firstAttemptAt).setOnInsert("attempts", attemptsSoFar),
        Waiting.class);
  }

  /**
   * Conversations whose first message is due, the longest-due first, and those a killed run's retrier held (it stopped
   * beating): they need not wait for its lease to end.
   */
  public List<Waiting> due(Instant now, int limit) {
    List<String> goneRuns = runs.gone(limit);
    Criteria due = goneRuns.isEmpty()
        ? Criteria.where("nextAttemptAt").lte(now)
        : new Criteria().orOperator(Criteria.where("nextAttemptAt").lte(now), Criteria.where("heldBy").in(goneRuns));
    Query query = Query.query(due).with(Sort.by("nextAttemptAt")).limit(limit);
    query.fields().include("nextAttemptAt", "attempts", "heldBy");
    return mongo.find(query, Waiting.class);
  }

  /**
   * Takes the conversation for this run's retrier until {@code leaseUntil}: of concurrent claims of the same due entry
   * exactly one wins. A retrier that dies keeps it until the lease ends, or until its run is seen gone.
   */
  public boolean claim(Waiting seen, Instant leaseUntil) {
    return mongo.updateFirst(
            Query.query(Criteria.where("_id").is(seen.conversationId()).and("nextAttemptAt").is(seen.nextAttemptAt())),
            new Update().set("nextAttemptAt", leaseUntil).set("heldBy", runs.thisRun()),
            Waiting.class)
        .getModifiedCount() == 1;
  }

  /** The conversation's oldest undelivered message, read through a projection. */
  public Optional<Waiting> head(String conversationId) {
    Query byId = Query.query(Criteria.where("_id").is(conversationId));
    byId.fields().include("messageIds", "nextAttemptAt", "attempts");
    return Optional.ofNullable(mongo.findOne(byId, Waiting.class)).filter(waiting -> !waiting.messageIds().isEmpty());
  }

  /** The first message is done (delivered or refused for good): the next one is tried at once. */
  public void remove(String conversationId, String messageId, Instant leaseUntil) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)),
        new Update().pull("messageIds", messageId).set("attempts", 0).set("nextAttemptAt", leaseUntil),
        Waiting.class);
    // Only if nothing was appended meanwhile; an append after this creates the entry anew.
    mongo.remove(Query.query(Criteria.where("_id").is(conversationId).and("messageIds").size(0)), Waiting.class);
  }

  /** The first message failed again for now: try it at {@code nextAttemptAt}, whichever retrier is free then. */
  public void retryLater(String conversationId, Instant nextAttemptAt, int attempts) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)),
        new Update().set("nextAttemptAt", nextAttemptAt).set("attempts", attempts).unset("heldBy"),
        Waiting.class);
  }

  /** How many messages wait, over all conversations (for the delivery gauge and tests). */
  public long undelivered() {
    return mongo.findAll(Waiting.class).stream().mapToLong(waiting -> waiting.messageIds().size()).sum();
  }
}
