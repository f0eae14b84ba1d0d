package dev.openlines.conversation;

import org.springframework.context.ApplicationEventPublisher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** Records on the stored conversation which step its process is in. */
@Service
public class ConversationStatusService {

  private final MongoTemplate mongo;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  @org.springframework.beans.factory.annotation.Autowired
  public ConversationStatusService(MongoTemplate mongo, Clock clock, ApplicationEventPublisher events) {
    this.mongo = mongo;
    this.clock = clock;
    this.events = events;
  }

  /** Without anyone listening for closes (store tests). */
  public ConversationStatusService(MongoTemplate mongo, Clock clock) {
    this(mongo, clock, event -> {});
  }

  /**
   * Idempotent: a redelivered job writes the same values again.
   *
   * @return false when no such conversation is stored
   */
  public boolean recordStatus(String conversationId, ConversationStatus status, long processInstanceKey) {
    return recordStatus(conversationId, status, processInstanceKey, Duration.ZERO);
  }

  /**
   * Routing offered the conversation to one operator or several. Only a conversation still on its way
   * to an operator changes: an answer recorded in the meantime (IN_PROGRESS) or a close is kept.
   *
   * @return when the conversation was created (the time-to-offer meter's start, so it reads nothing
   *     itself), or null when it was not changed
   */
  public Instant recordOffered(String conversationId) {
    Query onItsWay = Query.query(
        Criteria.where("_id")
            .is(conversationId)
            .and("status")
            .in(ConversationStatus.NEW, ConversationStatus.WITH_BOT, ConversationStatus.WAITING, ConversationStatus.OFFERED));
    onItsWay.fields().include("createdAt");
    Conversation before = mongo.findAndModify(
        onItsWay, new Update().set("status", ConversationStatus.OFFERED).set("updatedAt", clock.instant()), Conversation.class);
    return before == null ? null : before.getCreatedAt();
  }

  /**
   * A close was asked for (the operator's, or the conversation timeout's). The process closes the
   * conversation only when the engine has the close, which may be seconds away under load or much later
   * while the engine is away; a client who writes in between must not add to a conversation about to close
   * with nobody to read it, so ingestion opens a new one from now on. A closed conversation is left alone.
   */
  public void closeRequested(String conversationId) {
    mongo.updateFirst(notFinished(conversationId), new Update().set("closeRequestedAt", clock.instant()), Conversation.class);
  }

  /** What became of an operator's close. */
  public enum OperatorClose {
    /** recorded (or the conversation had finished meanwhile, and is left alone) */
    RECORDED,
    /** the client wrote after the newest message the operator saw: nothing changed */
    CLIENT_WROTE_AFTER,
    /** what {@code nothingElseOnItsWay} keeps out is on its way: nothing changed */
    SOMETHING_ELSE_ON_ITS_WAY
  }

  /**
   * As {@link #closeRequested(String)}, for an operator, in one conditional update: refused when the client wrote
   * after the newest message the operator saw, and while something that would be a 202 for nothing beside the close is
   * on its way ({@link ConversationTransfers#nothingElseOnItsWayFor}). Ordered by the store with the client's message
   * joining the conversation ({@link ConversationIntakeStore#clientWroteUnlessClosing}), so a message is either seen
   * by this check or opens a new conversation.
   *
   * @param seenUpTo when the newest message the operator saw was written; null to close whatever the client wrote
   */
  public OperatorClose closeRequestedByOperator(String conversationId, Instant seenUpTo, Criteria nothingElseOnItsWay) {
    // One criterion: the store's query document keeps a single entry per key, and both are keyless ($and, $or).
    Criteria seenAll = seenUpTo == null ? new Criteria() : new Criteria().orOperator(
        Criteria.where("lastClientMessageAt").is(null), Criteria.where("lastClientMessageAt").lte(seenUpTo));
    Query allowed = notFinished(conversationId).addCriteria(new Criteria().andOperator(nothingElseOnItsWay, seenAll));
    if (mongo.updateFirst(allowed, new Update().set("closeRequestedAt", clock.instant()), Conversation.class).getMatchedCount() == 1) {
      return OperatorClose.RECORDED;
    }
    Query byId = Query.query(Criteria.where("_id").is(conversationId));
    byId.fields().include("status", "lastClientMessageAt");
    Conversation stored = mongo.findOne(byId, Conversation.class);
    if (stored == null || ConversationStatus.FINISHED.contains(stored.getStatus())) {
      return OperatorClose.RECORDED;
    }
    Instant lastClientMessage = stored.getLastClientMessageAt();
    return seenUpTo != null && lastClientMessage != null && lastClientMessage.isAfter(seenUpTo)
        ? OperatorClose.CLIENT_WROTE_AFTER
        : OperatorClose.SOMETHING_ELSE_ON_ITS_WAY;
  }

  private static Query notFinished(String conversationId) {
    return Query.query(Criteria.where("_id").is(conversationId).and("status").nin(ConversationStatus.FINISHED));
  }

  /**
   * @param ratingWaitFromNow for a close: the rating wait (and with it the window in which the client
   *     reopens the conversation) ends this long from now; zero arms nothing
   */
  public boolean recordStatus(String conversationId, ConversationStatus status, long processInstanceKey, Duration ratingWaitFromNow) {
    Update update =
        new Update().set("status", status).set("processInstanceKey", processInstanceKey).set("updatedAt", clock.instant());
    if (status == ConversationStatus.CLOSED && ratingWaitFromNow.isPositive()) {
      update.set(ConversationDeadlines.Deadline.RATING_WAIT_END.path(), clock.instant().plus(ratingWaitFromNow));
    }
    var result = mongo.updateFirst(Query.query(Criteria.where("_id").is(conversationId)), update, Conversation.class);
    if (result.getModifiedCount() == 1 && (status == ConversationStatus.CLOSED || status == ConversationStatus.SPAM)) {
      // A redelivered job may tell again: listeners treat a second "closed" as the same news.
      events.publishEvent(new ConversationEvent.Closed(conversationId));
    }
    return result.getMatchedCount() == 1;
  }
}
