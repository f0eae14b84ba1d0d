package dev.openlines.routing;

import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorAvailableEvent;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * When an operator becomes available or gets a slot back, the conversations waiting in the channels
 * they serve are told at once (message {@code operator-available}), the longest-waiting first and no
 * more than the operator has free slots. Nothing polls.
 */
@Component
class WaitingConversations {

  /** Upper bound of conversations woken per channel and event when the channel has no chat limit. */
  static final int MAX_WOKEN = 50;
  private static final Logger log = LoggerFactory.getLogger(WaitingConversations.class);

  private final MongoTemplate mongo;
  private final ConversationMessages messages;

  WaitingConversations(MongoTemplate mongo, ConversationMessages messages) {
    this.mongo = mongo;
    this.messages = messages;
  }

  @EventListener
  void onOperatorAvailable(OperatorAvailableEvent event) {
    Query operatorQuery = Query.query(Criteria.where("_id").is(event.operatorId()));
    operatorQuery.fields().include("departmentIds", "load");
    Operator operator = mongo.findOne(operatorQuery, Operator.class);
    if (operator == null) {
      return;
    }
    for (OpenChannel channel : channelsServedBy(operator, event.channelId())) {
      var queue = channel.getQueue();
      int free = queue.hasChatLimit() ? queue.chatLimit() - operator.loadIn(channel.getId()) : MAX_WOKEN;
      if (free > 0) {
        wake(channel.getId(), List.of(RoutingStatus.WAITING, RoutingStatus.ROUTING), Math.min(free, MAX_WOKEN));
      }
      if (queue.mode() == DistributionMode.ALL) {
        // Offers to everyone are renewed so that the newly available operator sees them too.
        wake(channel.getId(), List.of(RoutingStatus.OFFERED), MAX_WOKEN);
      }
    }
    if (event.channelId() == null && !operator.getDepartmentIds().isEmpty()) {
      // Conversations the decision table sent to one of the operator's departments, whichever channel.
      wake(
          Criteria.where("departmentId").in(operator.getDepartmentIds()).and("status").in(RoutingStatus.WAITING),
          MAX_WOKEN);
    }
  }

  private void wake(String channelId, List<RoutingStatus> statuses, int limit) {
    wake(Criteria.where("queueChannelId").is(channelId).and("status").in(statuses), limit);
  }

  private void wake(Criteria criteria, int limit) {
    Query query = Query.query(criteria).with(Sort.by("queuedSince", "_id")).limit(limit);
    query.fields().include("_id");
    for (ConversationRouting waiting : mongo.find(query, ConversationRouting.class)) {
      try {
        messages.operatorAvailable(waiting.getConversationId());
      } catch (RuntimeException e) {
        // The operator's own action must not fail because the engine is briefly unreachable; the next
        // operator event or idle timer still moves the conversation.
        log.warn("Could not tell conversation {} that an operator is available", waiting.getConversationId(), e);
      }
    }
  }

  private List<OpenChannel> channelsServedBy(Operator operator, String onlyChannelId) {
    List<Criteria> servedBy = new ArrayList<>();
    servedBy.add(
        Criteria.where("queue.entries")
            .elemMatch(Criteria.where("kind").is(QueueEntry.Kind.OPERATOR).and("id").is(operator.getId())));
    if (!operator.getDepartmentIds().isEmpty()) {
      servedBy.add(
          Criteria.where("queue.entries")
              .elemMatch(
                  Criteria.where("kind").is(QueueEntry.Kind.DEPARTMENT).and("id").in(operator.getDepartmentIds())));
    }
    Criteria criteria = new Criteria().orOperator(servedBy);
    if (onlyChannelId != null) {
      criteria = new Criteria().andOperator(Criteria.where("_id").is(onlyChannelId), criteria);
    }
    return mongo.find(Query.query(criteria), OpenChannel.class);
  }
}
