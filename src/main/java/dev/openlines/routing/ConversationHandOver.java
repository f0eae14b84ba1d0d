package dev.openlines.routing;

import static dev.openlines.routing.RoutingStates.status;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * An assigned conversation changes hands: a colleague takes it over (job {@code routing.hand-over}), its
 * holder transfers it (job {@code routing.transfer}), or the client's return during the rating wait gives
 * it back to its operator.
 */
@Service
class ConversationHandOver {

  private static final Logger log = LoggerFactory.getLogger(ConversationHandOver.class);

  private final MongoTemplate mongo;
  private final RoutingStates states;
  private final OpenOffers offers;
  private final OperatorCapacity capacity;
  private final Clock clock;

  ConversationHandOver(MongoTemplate mongo, RoutingStates states, OpenOffers offers, OperatorCapacity capacity, Clock clock) {
    this.mongo = mongo;
    this.states = states;
    this.offers = offers;
    this.capacity = capacity;
    this.clock = clock;
  }

  /**
   * A colleague takes the assigned conversation over: they become its operator and, when the previous
   * holder's slot counted it, the count moves to them (taking over is a deliberate choice, so it is not
   * refused for a full limit). Safe to repeat: the new holder is counted before the old one is freed,
   * so a retry after a crash in between finishes the move without counting anyone twice.
   *
   * @return the operator who holds the conversation afterwards; empty when it is closed or nobody held it
   */
  Optional<String> handOver(String conversationId, String toOperatorId) {
    Query holder =
        Query.query(
            Criteria.where("_id")
                .is(conversationId)
                .and("assignedOperatorId")
                .ne(null)
                .and("status")
                .ne(RoutingStatus.CLOSED));
    holder.fields().include("assignedOperatorId", "queueChannelId");
    ConversationRouting before =
        mongo.findAndModify(
            holder,
            Update.update("assignedOperatorId", toOperatorId),
            FindAndModifyOptions.options().returnNew(false),
            ConversationRouting.class);
    if (before == null) {
      log.info("Conversation {} is closed or not assigned: nothing to hand over to {}", conversationId, toOperatorId);
      return Optional.empty();
    }
    String channelId = before.getQueueChannelId();
    List<String> previous = capacity.holdersOf(conversationId).stream().filter(id -> !id.equals(toOperatorId)).toList();
    if (!previous.isEmpty()) {
      capacity.recount(toOperatorId, conversationId, channelId);
      previous.forEach(id -> capacity.giveBack(id, conversationId, channelId));
    }
    return Optional.of(toOperatorId);
  }

  /**
   * The holder transferred the conversation: it is nobody's any more and routing starts again, so the
   * holder's slot is given back. Idempotent: a repeated call finds nobody assigned and frees nothing.
   *
   * @return the operator who held it; empty when it was closed or already unassigned
   */
  Optional<String> transferOut(String conversationId) {
    ConversationRouting state = states.read(conversationId);
    if (state == null || state.getStatus() == RoutingStatus.CLOSED) {
      return Optional.empty();
    }
    Query held = Query.query(Criteria.where("_id").is(conversationId).and("assignedOperatorId").ne(null));
    held.fields().include("assignedOperatorId");
    ConversationRouting before =
        mongo.findAndModify(
            held,
            newPass(status(RoutingStatus.ROUTING, clock.instant())).unset("assignedOperatorId").unset("assignedAt"),
            FindAndModifyOptions.options().returnNew(false),
            ConversationRouting.class);
    if (before == null) {
      // Transferred by an operator it was offered to, before anyone answered: its open offers end here
      // (a new round, so a late answer to one of them is refused).
      Query offered = Query.query(Criteria.where("_id").is(conversationId).and("assignedOperatorId").is(null));
      offered.fields().include("round");
      ConversationRouting routed = mongo.findAndModify(
          offered, newPass(status(RoutingStatus.ROUTING, clock.instant())).inc("round", 1),
          FindAndModifyOptions.options().returnNew(false), ConversationRouting.class);
      if (routed != null) {
        offers.closeUpTo(conversationId, routed.getRound(), OfferStatus.WITHDRAWN);
      }
    }
    // Nobody holds it now, so every slot still counting it is stale (also after a crash between the steps).
    capacity.holdersOf(conversationId).forEach(holder -> capacity.giveBack(holder, conversationId, state.getQueueChannelId()));
    return Optional.ofNullable(before == null ? null : before.getAssignedOperatorId());
  }

  /** A transferred conversation starts a new pass: whoever was tried or skipped it before may be offered it again. */
  private static Update newPass(Update update) {
    return update.set("tried", List.of()).set("skippedBy", List.of()).unset("colleagueLetGo");
  }

  /**
   * The client came back during the rating wait: the conversation is its operator's again and counts
   * against their limit again (not refused for a full limit: the client returns to the operator they
   * talked to). Safe to repeat.
   *
   * @return the operator; empty when nobody had answered the conversation
   */
  Optional<String> reopen(String conversationId) {
    Query answered = Query.query(Criteria.where("_id").is(conversationId).and("assignedOperatorId").ne(null));
    answered.fields().include("assignedOperatorId", "queueChannelId");
    ConversationRouting before =
        mongo.findAndModify(
            answered,
            status(RoutingStatus.ASSIGNED, clock.instant()),
            FindAndModifyOptions.options().returnNew(false),
            ConversationRouting.class);
    if (before == null) {
      return Optional.empty();
    }
    capacity.recount(before.getAssignedOperatorId(), conversationId, before.getQueueChannelId());
    return Optional.of(before.getAssignedOperatorId());
  }
}
