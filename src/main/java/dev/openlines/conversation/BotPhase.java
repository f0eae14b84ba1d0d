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
 * The bot phase of a conversation on the store: status WITH_BOT (recorded by the process) until the bot
 * decides or its silence runs out. Each change is one conditional update, so two decisions of the bot
 * racing each other have exactly one winner. The bot package drives the phase; its state is the
 * conversation's, so it is changed here, by the conversations' owner.
 */
@Service
public class BotPhase {

  /** What the bot may decide about a conversation in the bot phase. */
  public enum Decision {
    HAND_OFF,
    CLOSE
  }

  /** Outcome of {@link #decide}. */
  public enum Outcome {
    /** Recorded now, or recorded before by the same decision (a retry). */
    DECIDED,
    NOT_WITH_BOT,
    NO_SUCH_CONVERSATION
  }

  private final MongoTemplate mongo;
  private final Clock clock;

  public BotPhase(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /** The conversation, read through a projection, when it is with the bot and the bot has not decided yet. */
  public Optional<Conversation> open(String conversationId) {
    Query query = Query.query(withBot(conversationId).and("botDecision").is(null));
    query.fields().include("channelId", "connectorType", "connectorId", "clientId", "status");
    return Optional.ofNullable(mongo.findOne(query, Conversation.class));
  }

  public Outcome decide(String conversationId, Decision decision) {
    var updated =
        mongo.updateFirst(
            Query.query(withBot(conversationId).and("botDecision").in(null, decision.name())),
            new Update().set("botDecision", decision.name()).set("updatedAt", clock.instant()),
            Conversation.class);
    if (updated.getMatchedCount() == 1) {
      return Outcome.DECIDED;
    }
    return exists(conversationId) ? Outcome.NOT_WITH_BOT : Outcome.NO_SUCH_CONVERSATION;
  }

  public boolean exists(String conversationId) {
    return mongo.exists(Query.query(Criteria.where("_id").is(conversationId)), Conversation.class);
  }

  /**
   * The bot phase is over and operators take over: status WAITING, the silence deadline cleared (a passed
   * deadline on an open conversation would look stuck to the process health check). Idempotent.
   *
   * @return when the operators took over (the first hand-off's instant, also on a repeated call), the
   *     moment their first-reply limit counts from; empty when no such conversation is stored
   */
  public Optional<Instant> handToOperators(String conversationId, long processInstanceKey) {
    restartFirstResponseWait(conversationId);
    Query byId = Query.query(Criteria.where("_id").is(conversationId));
    // Read through a projection: the embedded store's reply is then the document as this update left it.
    byId.fields().include("handedToOperatorsAt");
    Conversation handedOver =
        mongo.findAndModify(
            byId,
            new Update()
                .set("status", ConversationStatus.WAITING)
                .set("processInstanceKey", processInstanceKey)
                .set("updatedAt", clock.instant())
                .unset(Deadline.BOT_SILENCE.path()),
            FindAndModifyOptions.options().returnNew(true),
            Conversation.class);
    return Optional.ofNullable(handedOver).map(Conversation::getHandedToOperatorsAt);
  }

  /**
   * The operators' first-response time counts from the hand-off, not from the client's first message:
   * the time the bot spent is not theirs. Once per conversation, so a repeated job moves nothing.
   */
  private void restartFirstResponseWait(String conversationId) {
    Instant now = clock.instant();
    mongo.updateFirst(
        notYetHandedOff(conversationId).addCriteria(Criteria.where("awaitingReplySince").exists(true)),
        new Update().set("awaitingReplySince", now).set("handedToOperatorsAt", now),
        Conversation.class);
    // No client message waiting: only the moment counts.
    mongo.updateFirst(notYetHandedOff(conversationId), new Update().set("handedToOperatorsAt", now), Conversation.class);
  }

  private static Query notYetHandedOff(String conversationId) {
    return Query.query(Criteria.where("_id").is(conversationId).and("handedToOperatorsAt").exists(false));
  }

  private static Criteria withBot(String conversationId) {
    return Criteria.where("_id").is(conversationId).and("status").is(ConversationStatus.WITH_BOT);
  }
}
