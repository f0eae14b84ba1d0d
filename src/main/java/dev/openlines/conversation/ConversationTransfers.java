package dev.openlines.conversation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Keeps an operator's transfer on the stored conversation from the request until someone answers the
 * conversation again: on the embedded runtime a restart loses the process, and recovery needs the
 * target to finish the transfer ({@link ConversationRecovery}, {@link RecoveryPoint#TRANSFER}).
 *
 * <p>A transfer and a colleague's take-over of the same conversation exclude each other while the process
 * has not acted on the first: both check who holds the conversation when they are asked, and the process
 * acts later, so without this the holder's transfer, asked a moment after a colleague's take-over, would
 * take the conversation away from the colleague (or the take-over would be accepted and come to nothing).
 */
@Service
public class ConversationTransfers {

  private final MongoTemplate mongo;
  private final Clock clock;

  /**
   * How long a request of one kind keeps the other out at most: the process acts on it within seconds,
   * or never (it ended meanwhile); after this the request no longer counts.
   */
  static final Duration IN_FLIGHT = Duration.ofMinutes(1);

  public ConversationTransfers(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /**
   * Records the target; a later transfer replaces an earlier one. Idempotent.
   *
   * @param toOperatorId or {@code toChannelId}: the one that is set wins, the other is dropped
   */
  public void requested(String conversationId, String toOperatorId, String toChannelId) {
    boolean toOperator = toOperatorId != null && !toOperatorId.isBlank();
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)),
        Update.update(
            "pendingTransfer",
            new Conversation.PendingTransfer(toOperator ? toOperatorId : null, toOperator ? null : toChannelId, clock.instant())),
        Conversation.class);
  }

  /**
   * The holder's (or an offered operator's) transfer, unless a colleague's take-over is on its way.
   *
   * @return false when a take-over is on its way: nothing was recorded
   */
  public boolean requestedUnlessTakenOver(String conversationId, String toOperatorId, String toChannelId) {
    Query noTakeOver = Query.query(Criteria.where("_id").is(conversationId).and("takeOverRequestedAt").not().gte(inFlightSince()));
    boolean toOperator = toOperatorId != null && !toOperatorId.isBlank();
    return mongo.updateFirst(
            noTakeOver,
            Update.update(
                "pendingTransfer",
                new Conversation.PendingTransfer(toOperator ? toOperatorId : null, toOperator ? null : toChannelId, clock.instant())),
            Conversation.class)
        .getMatchedCount() == 1;
  }

  /**
   * A colleague's take-over, unless a transfer or another take-over is on its way.
   *
   * @return false when one is: nothing was recorded
   */
  public boolean takeOverRequested(String conversationId) {
    Instant since = inFlightSince();
    Query nothingOnItsWay = Query.query(Criteria.where("_id").is(conversationId)
        .and("pendingTransfer.requestedAt").not().gte(since)
        .and("takeOverRequestedAt").not().gte(since));
    return mongo.updateFirst(nothingOnItsWay, Update.update("takeOverRequestedAt", clock.instant()), Conversation.class)
        .getMatchedCount() == 1;
  }

  /** The process handed the conversation over (or found nothing to hand over), or the request never reached it. */
  public void takeOverDone(String conversationId) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)), new Update().unset("takeOverRequestedAt"), Conversation.class);
  }

  private Instant inFlightSince() {
    return clock.instant().minus(IN_FLIGHT);
  }

  /** The request could not be handed to the process: nothing is pending. */
  public void withdrawn(String conversationId) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)), new Update().unset("pendingTransfer"), Conversation.class);
  }
}
