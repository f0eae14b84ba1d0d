package dev.openlines.routing;

import dev.openlines.channel.DistributionMode;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Keeps a queue's order when a slot frees at the instant a conversation that was not woken for it is
 * routed: a newcomer, a conversation recreated after a restart, or one routed again after an idle time.
 * Whichever offer runs first would take the slot, and a client who has waited longer would stay behind.
 * Such a round waits instead while an older conversation of the same queue waits or has been woken; the
 * drain that follows gives the free slots out longest-waiting first ({@link WaitingConversations}). A
 * woken conversation never waits behind others here: the drain chose it, so it cannot be passed over for
 * ever by an older one that the slot does not suit.
 */
@Component
class QueueOrder {

  private final MongoTemplate mongo;

  QueueOrder(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /**
   * Whether this round must leave the free slots to older conversations of its queue.
   *
   * @param before the conversation's routing state before this round started
   * @param departmentId the department of the queue the round routes to, if only one
   */
  boolean olderConversationsGoFirst(
      ConversationRouting before, String queueChannelId, String departmentId, String targetOperatorId, DistributionMode mode) {
    // Everyone at once takes no slot when offered; a colleague chosen by name is a hand-over, not the queue's turn.
    if (mode == DistributionMode.ALL
        || targetOperatorId != null
        || before.getStatus() == RoutingStatus.WOKEN
        || before.getQueuedSince() == null) {
      return false;
    }
    Query older =
        Query.query(
            Criteria.where("queueChannelId")
                .is(queueChannelId)
                .and("status")
                .in(RoutingStatus.WAITING, RoutingStatus.WOKEN)
                .and("queuedSince")
                .lt(before.getQueuedSince())
                .and("departmentId")
                .is(departmentId)
                .and("targetOperatorId")
                .is(null)
                .and("_id")
                .ne(before.getConversationId()));
    older.fields().include("_id");
    return mongo.findOne(older.limit(1), ConversationRouting.class) != null;
  }
}
