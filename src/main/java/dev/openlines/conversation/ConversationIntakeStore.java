package dev.openlines.conversation;

import java.time.Clock;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** The conversations intake opens for clients' messages, in the store. */
@Component
public class ConversationIntakeStore {

  private final MongoTemplate mongo;
  private final Clock clock;

  ConversationIntakeStore(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /**
   * Stores the client's conversation, status NEW, unless a conversation with this id is stored already
   * (then nothing of it changes): concurrent deliveries of one client's messages may all call it.
   *
   * @param clientWaitsSince when the client's message that opens it was written: stored as the start of
   *     the client's wait for a reply ({@link ConversationResponseTimes#clientWrote}), so that ingestion
   *     need not record it with a command of its own; null for none (an operator starts the conversation)
   * @return true when this call stored it
   */
  public boolean openUnlessStored(
      String id, String channelId, String connectorType, String connectorId, String clientId, Instant clientWaitsSince) {
    Instant now = clock.instant();
    Update opened = new Update();
    if (clientWaitsSince != null) {
      opened.setOnInsert("awaitingReplySince", clientWaitsSince).setOnInsert("lastClientMessageAt", clientWaitsSince);
    }
    try {
      return mongo.upsert(
          Query.query(Criteria.where("_id").is(id)),
          opened
              .setOnInsert("channelId", channelId)
              .setOnInsert("connectorType", connectorType)
              .setOnInsert("connectorId", connectorId)
              .setOnInsert("clientId", clientId)
              .setOnInsert("status", ConversationStatus.NEW)
              .setOnInsert("createdAt", now)
              .setOnInsert("updatedAt", now)
              .setOnInsert("version", 0L),
          Conversation.class).getUpsertedId() != null;
    } catch (DuplicateKeyException storedConcurrently) {
      // The same conversation was stored by a concurrent delivery: that is the goal.
      return false;
    }
  }

  /**
   * The client's message written at {@code writtenAt} goes into this conversation, unless it is finished or
   * its close is on its way to the process ({@link ConversationFacts#intakeStatusOf}). One conditional update
   * on the conversation document: an operator's close of what they saw is another
   * ({@link ConversationStatusService#closeRequestedByOperator}), so the store orders the two, and
   * either the close sees this message and is refused, or this message sees the close and opens a new
   * conversation. A message is never taken by a conversation closed by someone who did not see it.
   *
   * @return false when the conversation takes no more messages (or is not stored yet)
   */
  public boolean clientWroteUnlessClosing(String conversationId, Instant writtenAt) {
    Query takesMessages = Query.query(
        Criteria.where("_id").is(conversationId)
            .and("status").nin(ConversationStatus.FINISHED)
            .and("closeRequestedAt").is(null)
            .orOperator(
                Criteria.where("status").ne(ConversationStatus.WITH_BOT),
                Criteria.where("botDecision").ne(BotPhase.Decision.CLOSE.name())));
    return mongo.updateFirst(takesMessages, new Update().max("lastClientMessageAt", writtenAt), Conversation.class)
        .getMatchedCount() == 1;
  }

  /**
   * How many conversations are still NEW and on their way to routing, counted on the
   * {@code status_reopening_created} index. Clients held until their channel opens are NEW as well, but they wait for
   * the opening, not for the service: a night of them must not make it refuse new chats on other channels.
   */
  public long countOnTheWayToRouting() {
    return mongo.count(onTheWayToRouting(), Conversation.class);
  }

  /**
   * How many of those were opened after {@code from} and at or before {@code until}: what intake admission adds
   * to the backlog it saw before, to tell how many left it. Counted on the {@code status_reopening_created} index.
   */
  public long countOnTheWayToRoutingOpened(Instant from, Instant until) {
    return mongo.count(onTheWayToRouting().addCriteria(Criteria.where("createdAt").gt(from).lte(until)), Conversation.class);
  }

  private static Query onTheWayToRouting() {
    return Query.query(Criteria.where("status").is(ConversationStatus.NEW)
        .and(ConversationDeadlines.Deadline.REOPENING.path()).is(null));
  }
}
