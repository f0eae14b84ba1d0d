package dev.openlines.routing;

import dev.openlines.channel.ChannelQueueChangedEvent;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorAvailableEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The events that free or add capacity (a slot given back, an operator present again, a channel's queue
 * or limit changed): each drains the channels concerned ({@link WaitingConversations}); in a channel that
 * offers to everyone, the open offers are renewed so the newly available operator sees them too.
 */
@Component
class CapacityEvents {

  private final MongoTemplate mongo;
  private final WaitingConversations waiting;

  CapacityEvents(MongoTemplate mongo, WaitingConversations waiting) {
    this.mongo = mongo;
    this.waiting = waiting;
  }

  @EventListener
  void onOperatorAvailable(OperatorAvailableEvent event) {
    Query operatorQuery = Query.query(Criteria.where("_id").is(event.operatorId()));
    operatorQuery.fields().include("departmentIds");
    Operator operator = mongo.findOne(operatorQuery, Operator.class);
    if (operator == null) {
      return;
    }
    Set<String> channelIds = new LinkedHashSet<>(channelsServedBy(operator, event.channelId()));
    if (event.channelId() == null) {
      // Conversations sent to one of the operator's departments or transferred to them, whichever channel.
      List<Criteria> targeted = new ArrayList<>();
      targeted.add(Criteria.where("targetOperatorId").is(operator.getId()));
      if (!operator.getDepartmentIds().isEmpty()) {
        targeted.add(Criteria.where("departmentId").in(operator.getDepartmentIds()));
      }
      channelIds.addAll(
          mongo.findDistinct(
              Query.query(
                  new Criteria()
                      .andOperator(
                          Criteria.where("status").is(RoutingStatus.WAITING), new Criteria().orOperator(targeted))),
              "queueChannelId",
              ConversationRouting.class,
              String.class));
    } else {
      channelIds.add(event.channelId());
    }
    channelIds.forEach(this::capacityAdded);
  }

  @EventListener
  void onChannelChanged(ChannelQueueChangedEvent event) {
    capacityAdded(event.channelId());
  }

  private void capacityAdded(String channelId) {
    waiting.drainSafely(channelId);
    OpenChannel channel = mongo.findById(channelId, OpenChannel.class);
    if (channel != null && channel.getQueue() != null && channel.getQueue().mode() == DistributionMode.ALL) {
      // Offers to everyone are renewed so that the newly available operator sees them too.
      Query offered =
          Query.query(Criteria.where("queueChannelId").is(channelId).and("status").is(RoutingStatus.OFFERED))
              .with(Sort.by("queuedSince", "_id"))
              .limit(WaitingConversations.MAX_WOKEN);
      offered.fields().include("_id");
      mongo.find(offered, ConversationRouting.class).forEach(c -> waiting.publish(c.getConversationId()));
    }
  }

  private List<String> channelsServedBy(Operator operator, String onlyChannelId) {
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
    Query query = Query.query(criteria);
    query.fields().include("_id");
    return mongo.find(query, OpenChannel.class).stream().map(OpenChannel::getId).toList();
  }
}
