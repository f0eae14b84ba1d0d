package dev.openlines.routing;

import static dev.openlines.routing.RoutingStates.byId;
import static dev.openlines.routing.RoutingStates.status;

import java.time.Clock;
import java.util.Optional;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Takes the current offer back (job {@code routing.withdraw-offer}: idle time over, skipped, or offered
 * to everyone again) and frees the slots it held; also what an engine restart leaves between an offer's steps.
 */
@Service
class OfferWithdrawal {

  private final MongoTemplate mongo;
  private final RoutingStates states;
  private final OpenOffers offers;
  private final Clock clock;

  OfferWithdrawal(MongoTemplate mongo, RoutingStates states, OpenOffers offers, Clock clock) {
    this.mongo = mongo;
    this.states = states;
    this.offers = offers;
    this.clock = clock;
  }

  /**
   * Takes the current offer back and frees the slots it held.
   *
   * @return the operator when one answered just before the offer could be withdrawn
   */
  Optional<String> withdraw(String conversationId) {
    Query query = Query.query(Criteria.where("_id").is(conversationId).and("assignedOperatorId").is(null));
    query.fields().include("round", "queueChannelId");
    ConversationRouting before =
        mongo.findAndModify(
            query,
            status(RoutingStatus.ROUTING, clock.instant()).inc("round", 1),
            FindAndModifyOptions.options().returnNew(false),
            ConversationRouting.class);
    if (before == null) {
      ConversationRouting state = states.read(conversationId);
      return Optional.ofNullable(state == null ? null : state.getAssignedOperatorId());
    }
    offers.closeUpTo(conversationId, before.getRound(), OfferStatus.EXPIRED);
    return Optional.empty();
  }

  /**
   * The engine that ran the conversation's process restarted empty (embedded runtime) and the process is
   * recreated. Job keys of the new engine start over, so the stored attempt key is forgotten (a new offer
   * job with the same key must not pass for a repeated attempt). An open offer stays as it is (the new
   * process waits for its answer until its original expiry, {@link OpenOffers#current}); anything else
   * between an offer's steps is withdrawn, giving back what it reserved, so that routing again counts no
   * slot twice. A conversation waiting in its queue holds nothing and keeps waiting; one woken just before
   * the restart lost its wake-up with the engine and waits again, for the drain after recovery to wake the
   * queue in order.
   *
   * @return the operator when one had already answered, so the conversation is theirs
   */
  Optional<String> resumeAfterEngineRestart(String conversationId) {
    ConversationRouting state = states.read(conversationId);
    if (state == null) {
      return Optional.empty();
    }
    if (state.getStatus() == RoutingStatus.CLOSED) {
      throw new IllegalStateException("Conversation " + conversationId + " was closed in routing: nothing to resume");
    }
    boolean inQueue = state.getStatus() == RoutingStatus.WAITING || state.getStatus() == RoutingStatus.WOKEN;
    Update forgetAttempt = new Update().unset("offerJobKey");
    if (inQueue) {
      mongo.updateFirst(byId(conversationId), forgetAttempt.set("status", RoutingStatus.WAITING), ConversationRouting.class);
      return Optional.empty();
    }
    mongo.updateFirst(byId(conversationId), forgetAttempt, ConversationRouting.class);
    if (state.getAssignedOperatorId() == null && offers.current(conversationId).isPresent()) {
      return Optional.empty();
    }
    return withdraw(conversationId);
  }
}
