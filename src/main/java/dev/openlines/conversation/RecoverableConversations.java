package dev.openlines.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The conversations whose process a fresh embedded engine lost, and the claim that gives each one its
 * process back once per engine run: the claim sets the conversation's {@code engineRunId} to the run's id
 * in one conditional update, so recovering twice, or a conversation this run created, never yields a
 * second instance.
 */
@Component
public class RecoverableConversations {

  private final MongoTemplate mongo;
  private final Clock clock;

  public RecoverableConversations(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /** Ids of the conversations that may have had a process, created before the run started and not claimed by it. */
  public List<String> notYetRecovered(String engineRunId, Instant engineStartedAt) {
    Query open =
        Query.query(
            new Criteria()
                .andOperator(
                    mayHaveAProcess(),
                    Criteria.where("createdAt").lt(engineStartedAt),
                    Criteria.where("engineRunId").ne(engineRunId)));
    open.fields().include("_id");
    return mongo.find(open, Conversation.class).stream().map(Conversation::getId).toList();
  }

  /**
   * Claims the conversation for this engine run; the old instance key means nothing in the new engine and
   * is removed (the new one is recorded once it exists).
   *
   * @return the conversation as it was when claimed (what recovery reads), or null when it was claimed
   *     already or has no process to recover any more
   */
  public Conversation claim(String conversationId, String engineRunId) {
    Query unclaimed =
        Query.query(
            new Criteria()
                .andOperator(
                    Criteria.where("_id").is(conversationId),
                    mayHaveAProcess(),
                    Criteria.where("engineRunId").ne(engineRunId)));
    unclaimed
        .fields()
        .include(
            "_id", "channelId", "connectorType", "connectorId", "clientId", "status", "deadlines", "createdAt",
            "reopenRequestedAt", "botDecision", "pendingTransfer", "firstResponseAt", "closeRequestedAt", "spamRequest",
            "takeOverRequestedAt", "lastTakeOver");
    return mongo.findAndModify(
        unclaimed,
        new Update().set("engineRunId", engineRunId).set("recoveredAt", clock.instant()).unset("processInstanceKey"),
        FindAndModifyOptions.options().returnNew(false),
        Conversation.class);
  }

  /** The claimed conversation's process was recreated as {@code processInstanceKey}. */
  public void recovered(String conversationId, String engineRunId, long processInstanceKey) {
    mongo.updateFirst(claimedBy(conversationId, engineRunId), Update.update("processInstanceKey", processInstanceKey), Conversation.class);
  }

  /** Gives the claim back, so that the next start tries again (e.g. the model lacked the element). */
  public void release(String conversationId, String engineRunId) {
    mongo.updateFirst(claimedBy(conversationId, engineRunId), new Update().unset("engineRunId").unset("recoveredAt"), Conversation.class);
  }

  private static Query claimedBy(String conversationId, String engineRunId) {
    return Query.query(Criteria.where("_id").is(conversationId).and("engineRunId").is(engineRunId));
  }

  /** Open, or closed and still waiting for the client's rating. */
  private static Criteria mayHaveAProcess() {
    return new Criteria()
        .orOperator(
            Criteria.where("status")
                .in(ConversationStatus.NEW, ConversationStatus.WITH_BOT, ConversationStatus.WAITING, ConversationStatus.OFFERED, ConversationStatus.IN_PROGRESS),
            Criteria.where("status").is(ConversationStatus.CLOSED).and("deadlines.ratingWaitEndsAt").ne(null));
  }
}
