package dev.openlines.conversation;

import dev.openlines.channel.KpiLimit;
import dev.openlines.conversation.ConversationDeadlines.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * How long the client of a conversation waits for operators, on the conversation: since when a client
 * waits, the response time of each reply, and the reply limits a conversation exceeded. The kpi package
 * decides what the times mean (limits, meters, notifications).
 */
@Component
public class ConversationResponseTimes {

  /** A reply recorded on the conversation, with the channel its meters count in. */
  public record RecordedReply(String channelId, ResponseTime response) {}

  private final MongoTemplate mongo;

  ConversationResponseTimes(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** The client waits from their oldest unanswered message: later messages do not restart the clock. */
  public void clientWrote(String conversationId, Instant at) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId).and("awaitingReplySince").exists(false)),
        new Update().set("awaitingReplySince", at),
        Conversation.class);
  }

  /** Since when the client waits for a reply; empty when nobody waits (or no such conversation is stored). */
  public Optional<Instant> clientWaitingSince(String conversationId) {
    Query byId = Query.query(Criteria.where("_id").is(conversationId));
    byId.fields().include("awaitingReplySince");
    return Optional.ofNullable(mongo.findOne(byId, Conversation.class)).map(Conversation::getAwaitingReplySince);
  }

  /**
   * Records the reply's response time when a client was waiting, and stops the reply clock.
   *
   * @return the recorded reply; empty when nobody was waiting (a second reply in a row)
   */
  public Optional<RecordedReply> operatorReplied(String conversationId, String operatorId, Instant at) {
    // Claiming the waiting client and clearing the clock is one conditional update: of two replies
    // racing, exactly one is the response.
    Query waiting = Query.query(Criteria.where("_id").is(conversationId).and("awaitingReplySince").exists(true));
    waiting.fields().include("awaitingReplySince", "firstResponseAt", "channelId");
    Conversation before =
        mongo.findAndModify(
            waiting,
            new Update().unset("awaitingReplySince").unset(Deadline.KPI_DUE.path()),
            FindAndModifyOptions.options().returnNew(false),
            Conversation.class);
    if (before == null) {
      return Optional.empty();
    }
    Instant since = before.getAwaitingReplySince();
    long millis = Duration.between(since, at).toMillis();
    boolean first = before.getFirstResponseAt() == null;
    ResponseTime response =
        new ResponseTime(first ? KpiLimit.FIRST_RESPONSE : KpiLimit.SUBSEQUENT_RESPONSE, operatorId, since, at, millis);
    Update record = new Update().push("responseTimes", response);
    if (first) {
      record.set("firstResponseAt", at).set("firstResponseMillis", millis);
    }
    mongo.updateFirst(Query.query(Criteria.where("_id").is(conversationId)), record, Conversation.class);
    return Optional.of(new RecordedReply(before.getChannelId(), response));
  }

  /**
   * Records an exceeded reply limit once per process step ({@link KpiBreach#step}), however often it is called.
   *
   * @return true when this call recorded it
   */
  public boolean recordBreach(String conversationId, KpiBreach breach) {
    return mongo.updateFirst(
                Query.query(Criteria.where("_id").is(conversationId).and("kpiBreaches.step").ne(breach.step())),
                new Update().push("kpiBreaches", breach),
                Conversation.class)
            .getModifiedCount()
        == 1;
  }
}
