package dev.openlines.conversation;

import dev.openlines.conversation.ConversationDeadlines.Deadline;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * A client who writes during the rating wait (closed, {@code deadlines.ratingWaitEndsAt} still ahead)
 * comes back to the same conversation and operator instead of opening a new one. Ingestion requests the
 * reopen ({@link #requestReopen}) and the process decides ({@link #check}); both are conditional
 * updates on the one conversation document, and ingestion may only request before the deadline while
 * the process may only end the wait at or after it, so the two never disagree about who won.
 */
@Service
public class RatingWaitService {

  private static final String WAIT_END = Deadline.RATING_WAIT_END.path();

  private final MongoTemplate mongo;
  private final OperatorReturn routing;
  private final Clock clock;

  public RatingWaitService(MongoTemplate mongo, OperatorReturn routing, Clock clock) {
    this.mongo = mongo;
    this.routing = routing;
    this.clock = clock;
  }

  /** What the process does after a rating-wait event. */
  public enum Outcome {
    /** The client wrote during the wait: give the conversation back to its operator. */
    REOPEN,
    /** The wait is over (the deadline was cleared here): save the log and end. */
    OVER,
    /** A stale {@code client-returned}, the wait goes on. */
    KEEP_WAITING
  }

  /**
   * The client wrote to this conversation: true when it stays the client's conversation because it is
   * (or was already asked to be) reopened from its rating wait; false when the client needs a new one.
   *
   * @param writtenAt when the client wrote the message, kept as the conversation's newest client message so
   *     that the operator who gets it back cannot close it unseen; null for none
   */
  public boolean requestReopen(String conversationId, Instant writtenAt) {
    Instant now = clock.instant();
    Query inRatingWait =
        byId(conversationId)
            .addCriteria(
                Criteria.where("status").is(ConversationStatus.CLOSED)
                    .and("reopenRequestedAt").is(null)
                    .and(WAIT_END).gt(now));
    inRatingWait.fields().include("_id");
    Update reopen = new Update().set("reopenRequestedAt", now);
    if (writtenAt != null) {
      reopen.max("lastClientMessageAt", writtenAt);
    }
    if (mongo.findAndModify(inRatingWait, reopen, Conversation.class) != null) {
      return true;
    }
    if (writtenAt == null) {
      return reopenRequested(conversationId);
    }
    // Asked already by an earlier message: this one joins it.
    return mongo.updateFirst(reopenRequestedQuery(conversationId), new Update().max("lastClientMessageAt", writtenAt), Conversation.class)
        .getMatchedCount() == 1;
  }

  /** Closed and still waiting for the client's rating: a message of the client now would reopen it. */
  public boolean inRatingWait(String conversationId) {
    return mongo.exists(
        byId(conversationId).addCriteria(Criteria.where("status").is(ConversationStatus.CLOSED).and(WAIT_END).gt(clock.instant())),
        Conversation.class);
  }

  /** Closed, the client came back and the process has not reopened it yet. */
  public boolean reopenRequested(String conversationId) {
    return mongo.exists(reopenRequestedQuery(conversationId), Conversation.class);
  }

  private static Query reopenRequestedQuery(String conversationId) {
    return byId(conversationId)
        .addCriteria(
            Criteria.where("status").is(ConversationStatus.CLOSED)
                .and("reopenRequestedAt").ne(null)
                .and(WAIT_END).ne(null));
  }

  /** Step "Did the client come back?", after the wait's timer or a {@code client-returned} message. */
  public Outcome check(String conversationId) {
    if (reopenRequested(conversationId)) {
      return Outcome.REOPEN;
    }
    Query due =
        byId(conversationId)
            .addCriteria(
                Criteria.where("status").is(ConversationStatus.CLOSED)
                    .and("reopenRequestedAt").is(null)
                    .and(WAIT_END).lte(clock.instant()));
    due.fields().include("_id");
    if (mongo.findAndModify(due, new Update().unset(WAIT_END), Conversation.class) != null) {
      return Outcome.OVER;
    }
    Query now = byId(conversationId);
    now.fields().include("status", "reopenRequestedAt", WAIT_END);
    Conversation stored = mongo.findOne(now, Conversation.class);
    if (stored == null) {
      return Outcome.OVER;
    }
    if (stored.getStatus() == ConversationStatus.IN_PROGRESS || stored.getReopenRequestedAt() != null) {
      return Outcome.REOPEN; // a redelivered job after the reopen, or the request came in meanwhile
    }
    boolean waiting = stored.getDeadlines() != null && stored.getDeadlines().ratingWaitEndsAt() != null;
    return waiting ? Outcome.KEEP_WAITING : Outcome.OVER;
  }

  /**
   * Step "Give the conversation back to its operator": the operator's slot is reserved again, and the
   * status, the end of the wait and the request change in one update, so a restart sees either the
   * closed conversation with its request (and reopens it) or the open one.
   *
   * @return the operator who has it again
   */
  public Optional<String> reopen(String conversationId, long processInstanceKey) {
    Optional<String> operatorId = routing.reopen(conversationId);
    Instant now = clock.instant();
    mongo.updateFirst(
        byId(conversationId).addCriteria(Criteria.where("status").is(ConversationStatus.CLOSED)),
        new Update()
            .set("status", ConversationStatus.IN_PROGRESS)
            .set("processInstanceKey", processInstanceKey)
            .set("updatedAt", now)
            .set("reopenedAt", now)
            .unset("reopenRequestedAt")
            .unset("closeRequestedAt")
            .unset(WAIT_END),
        Conversation.class);
    return operatorId;
  }

  private static Query byId(String conversationId) {
    return Query.query(Criteria.where("_id").is(conversationId));
  }
}
