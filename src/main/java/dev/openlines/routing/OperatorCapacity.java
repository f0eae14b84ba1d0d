package dev.openlines.routing;

import dev.openlines.channel.QueueSettings;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorAvailableEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * An operator's slots per channel, changed only by single conditional updates on the operator document.
 * The document lists the conversations it counts, so every change is idempotent per conversation and a
 * redelivered job cannot count a conversation twice. Results are read through a projection (the store
 * may otherwise answer from a later state).
 */
@Component
class OperatorCapacity {

  private final MongoTemplate mongo;
  private final ApplicationEventPublisher events;

  OperatorCapacity(MongoTemplate mongo, ApplicationEventPublisher events) {
    this.mongo = mongo;
    this.events = events;
  }

  /**
   * Takes one of the operator's slots in the channel for the conversation if, at this instant, the
   * operator is not dismissed, present (when the channel checks) and under the channel's limit.
   */
  boolean reserve(String operatorId, String conversationId, String channelId, QueueSettings queue, Instant now) {
    List<Criteria> conditions = new ArrayList<>(OperatorAvailability.canTake(channelId, queue));
    conditions.add(Criteria.where("_id").is(operatorId));
    conditions.add(Criteria.where("counted").ne(conversationId));
    Update update =
        new Update().inc(loadField(channelId), 1).addToSet("counted", conversationId).set("lastAssignedAt", now);
    return modify(new Criteria().andOperator(conditions), update);
  }

  /** Gives the conversation's slot back; false when it was not counted (already released). */
  boolean release(String operatorId, String conversationId, String channelId) {
    return modify(
        Criteria.where("_id").is(operatorId).and("counted").is(conversationId),
        new Update().inc(loadField(channelId), -1).pull("counted", conversationId));
  }

  /**
   * Gives the conversation's slot back and, when it was counted, announces the operator as available
   * ({@link WaitingConversations} offers the slot to a waiting conversation).
   */
  void giveBack(String operatorId, String conversationId, String channelId) {
    if (release(operatorId, conversationId, channelId)) {
      events.publishEvent(new OperatorAvailableEvent(operatorId, channelId));
    }
  }

  /** Counts an already assigned conversation again, limit or not (the client wrote back to their operator). */
  boolean recount(String operatorId, String conversationId, String channelId) {
    return modify(
        Criteria.where("_id").is(operatorId).and("counted").ne(conversationId),
        new Update().inc(loadField(channelId), 1).addToSet("counted", conversationId));
  }

  /** Operators currently counting the conversation. */
  List<String> holdersOf(String conversationId) {
    Query query = Query.query(Criteria.where("counted").is(conversationId));
    query.fields().include("_id");
    return mongo.find(query, Operator.class).stream().map(Operator::getId).toList();
  }

  private boolean modify(Criteria criteria, Update update) {
    Query query = Query.query(criteria);
    query.fields().include("_id");
    return mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(false), Operator.class) != null;
  }

  static String loadField(String channelId) {
    return "load." + channelId;
  }
}
