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
 * Neither is taken once the conversation's close ({@code closeRequestedAt}) or an operator's spam mark
 * ({@code spamRequest}) is on its way: the process would end it before acting on them, and their 202 would promise
 * what never happens.
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

  /** Whether a transfer or take-over was recorded, and if not, what was in its way. */
  public enum Claim {
    RECORDED,
    /** a colleague's take-over (for a take-over also a transfer) on its way, or lately taken over by another */
    COLLEAGUE_IN_THE_WAY,
    /** the conversation's close is on its way to the process */
    CLOSING,
    /** an operator's spam mark of the conversation is on its way to the process */
    MARKED_AS_SPAM
  }

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
   * The holder's (or an offered operator's) transfer, unless a colleague's take-over is on its way or was
   * asked for lately by someone else: a transfer checked against the holder just before a take-over must
   * not take the conversation from the colleague once the take-over is done. The colleague may transfer.
   *
   * @return what was in the way when nothing was recorded
   */
  public Claim requestedUnlessTakenOver(String conversationId, String byOperatorId, String toOperatorId, String toChannelId) {
    Instant since = inFlightSince();
    Query byId = Query.query(Criteria.where("_id").is(conversationId));
    byId.fields().include("takeOverRequestedAt", "lastTakeOver", "closeRequestedAt", "spamRequest");
    Conversation now = mongo.findOne(byId, Conversation.class);
    if (now == null) {
      return Claim.COLLEAGUE_IN_THE_WAY;
    }
    if (now.getCloseRequestedAt() != null) {
      return Claim.CLOSING;
    }
    if (now.getSpamRequest() != null) {
      return Claim.MARKED_AS_SPAM;
    }
    Conversation.TakeOver last = now.getLastTakeOver();
    boolean pending = now.getTakeOverRequestedAt() != null && !now.getTakeOverRequestedAt().isBefore(since);
    boolean lately = last != null && !last.at().isBefore(since) && !last.by().equals(byOperatorId);
    if (pending || lately) {
      return Claim.COLLEAGUE_IN_THE_WAY;
    }
    // Unchanged since read: a take-over or close asked for in between fails this update.
    Query unchanged = Query.query(Criteria.where("_id").is(conversationId)
        .and("takeOverRequestedAt").not().gte(since)
        .and("lastTakeOver.at").is(last == null ? null : last.at())
        .and("closeRequestedAt").is(null)
        .and("spamRequest").is(null));
    boolean toOperator = toOperatorId != null && !toOperatorId.isBlank();
    boolean recorded = mongo.updateFirst(
            unchanged,
            Update.update(
                "pendingTransfer",
                new Conversation.PendingTransfer(toOperator ? toOperatorId : null, toOperator ? null : toChannelId, clock.instant())),
            Conversation.class)
        .getMatchedCount() == 1;
    return recorded ? Claim.RECORDED : whatIsInTheWay(conversationId);
  }

  /**
   * A colleague's take-over, unless a transfer, another take-over or the close is on its way.
   *
   * @return what was in the way when nothing was recorded
   */
  public Claim takeOverRequested(String conversationId, String operatorId) {
    Instant since = inFlightSince();
    Query nothingOnItsWay = Query.query(Criteria.where("_id").is(conversationId)
        .and("pendingTransfer.requestedAt").not().gte(since)
        .and("takeOverRequestedAt").not().gte(since)
        .and("closeRequestedAt").is(null)
        .and("spamRequest").is(null));
    Instant now = clock.instant();
    Update claim = new Update().set("takeOverRequestedAt", now).set("lastTakeOver", new Conversation.TakeOver(operatorId, now));
    boolean recorded = mongo.updateFirst(nothingOnItsWay, claim, Conversation.class).getMatchedCount() == 1;
    return recorded ? Claim.RECORDED : whatIsInTheWay(conversationId);
  }

  /**
   * An operator's spam mark, unless the close or a colleague's take-over is on its way: the process ends the
   * conversation on the mark, so a take-over accepted beside it would never happen. Recorded before it is published, so
   * that a take-over asked at the same moment sees it; repeated, it is recorded again.
   *
   * @return what was in the way when nothing was recorded
   */
  public Claim spamMarkRequested(String conversationId, String operatorId) {
    Query nothingOnItsWay = Query.query(Criteria.where("_id").is(conversationId)
        .and("takeOverRequestedAt").not().gte(inFlightSince())
        .and("closeRequestedAt").is(null));
    Update mark = Update.update("spamRequest", new SpamRequest(operatorId, clock.instant()));
    boolean recorded = mongo.updateFirst(nothingOnItsWay, mark, Conversation.class).getMatchedCount() == 1;
    return recorded ? Claim.RECORDED : whatIsInTheWay(conversationId);
  }

  /** The spam mark never reached the process: as if it had not been asked for. */
  public void spamMarkWithdrawn(String conversationId) {
    mongo.updateFirst(Query.query(Criteria.where("_id").is(conversationId)), new Update().unset("spamRequest"), Conversation.class);
  }

  /**
   * What must hold for the operator's close to be recorded: no spam mark and no colleague's take-over on its way. The
   * close ends the conversation before the process would act on them, so their 202 would promise what never happens.
   */
  public Criteria nothingElseOnItsWayFor(String operatorId) {
    return new Criteria().andOperator(
        Criteria.where("spamRequest").is(null),
        new Criteria().orOperator(
            Criteria.where("takeOverRequestedAt").not().gte(inFlightSince()), Criteria.where("lastTakeOver.by").is(operatorId)));
  }

  /** Why a conditional update did not match: the close or a spam mark, when one is on its way, else a colleague. */
  public Claim whatIsInTheWay(String conversationId) {
    Query byId = Query.query(Criteria.where("_id").is(conversationId));
    byId.fields().include("closeRequestedAt", "spamRequest");
    Conversation now = mongo.findOne(byId, Conversation.class);
    if (now != null && now.getCloseRequestedAt() != null) {
      return Claim.CLOSING;
    }
    return now != null && now.getSpamRequest() != null ? Claim.MARKED_AS_SPAM : Claim.COLLEAGUE_IN_THE_WAY;
  }

  /** The process handed the conversation over, or found nothing to hand over. */
  public void takeOverDone(String conversationId) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)), new Update().unset("takeOverRequestedAt"), Conversation.class);
  }

  /** The take-over never reached the process: as if it had not been asked for. */
  public void takeOverWithdrawn(String conversationId) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)),
        new Update().unset("takeOverRequestedAt").unset("lastTakeOver"),
        Conversation.class);
  }

  private Instant inFlightSince() {
    return clock.instant().minus(IN_FLIGHT);
  }

  /**
   * Someone answered the conversation at {@code answeredAt}: a transfer asked for before is done. Not one
   * asked for after it by the new holder, which the process may not have reached yet ("Mark as in progress"
   * used to clear it then, and with it the transfer's place against a take-over and restart recovery).
   */
  public void answered(String conversationId, Instant answeredAt) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId).and("pendingTransfer.requestedAt").lte(answeredAt)),
        new Update().unset("pendingTransfer"),
        Conversation.class);
  }

  /** The request could not be handed to the process: nothing is pending. */
  public void withdrawn(String conversationId) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)), new Update().unset("pendingTransfer"), Conversation.class);
  }
}
