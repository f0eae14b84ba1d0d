package dev.openlines.kpi;

import dev.openlines.channel.KpiLimit;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationDeadlines.Deadline;
import dev.openlines.conversation.ResponseTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Tracks how long clients wait for operators. The inbound side calls {@link #clientWrote} for every
 * client message, the operator side {@link #operatorReplied} for every reply sent to the client
 * (silent notes do not count).
 */
@Service
public class ResponseTimeService {

  private final MongoTemplate mongo;
  private final KpiMeters meters;

  public ResponseTimeService(MongoTemplate mongo, KpiMeters meters) {
    this.mongo = mongo;
    this.meters = meters;
  }

  /** The client waits from their oldest unanswered message: later messages do not restart the clock. */
  public void clientWrote(String conversationId, Instant at) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId).and("awaitingReplySince").exists(false)),
        new Update().set("awaitingReplySince", at),
        Conversation.class);
  }

  /**
   * Records the reply's response time when a client was waiting.
   *
   * @return the recorded response time; empty when nobody was waiting (a second reply in a row)
   */
  public Optional<ResponseTime> operatorReplied(String conversationId, String operatorId, Instant at) {
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
    meters.responded(before.getChannelId(), response.kind(), Duration.ofMillis(millis));
    return Optional.of(response);
  }
}
