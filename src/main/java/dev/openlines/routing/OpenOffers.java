package dev.openlines.routing;

import static dev.openlines.routing.RoutingStates.byId;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.conversation.ConversationEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The offers of a conversation ({@link Offer}, one per operator and round): recording one, with or
 * without a reserved slot, finding the open ones, and closing them with the slots they held.
 */
@Component
class OpenOffers {

  private final MongoTemplate mongo;
  private final RoutingStates states;
  private final OperatorCapacity capacity;
  private final ChannelService channels;
  private final ApplicationEventPublisher events;
  private final RoutingMeters meters;
  private final Clock clock;

  OpenOffers(
      MongoTemplate mongo,
      RoutingStates states,
      OperatorCapacity capacity,
      ChannelService channels,
      ApplicationEventPublisher events,
      RoutingMeters meters,
      Clock clock) {
    this.mongo = mongo;
    this.states = states;
    this.capacity = capacity;
    this.channels = channels;
    this.events = events;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * Reserves one of the operator's slots and records the offer (to one operator: it expires after the
   * queue's idle time).
   *
   * @param startOver the operator starts a new pass through the queue (the tried ones are forgotten)
   * @return false when the slot was gone
   */
  boolean reserveAndOffer(String conversationId, RoutingQueue queue, long round, String operatorId, boolean startOver, Instant now) {
    return reserveAndOffer(conversationId, queue, round, operatorId, startOver, now, false);
  }

  /** {@link #reserveAndOffer} to the client's CRM-responsible operator, ahead of the queue. */
  boolean reserveAndOfferToResponsible(String conversationId, RoutingQueue queue, long round, String operatorId, Instant now) {
    return reserveAndOffer(conversationId, queue, round, operatorId, false, now, true);
  }

  private boolean reserveAndOffer(
      String conversationId, RoutingQueue queue, long round, String operatorId, boolean startOver, Instant now, boolean toResponsible) {
    if (!capacity.reserve(operatorId, conversationId, queue.channelId(), queue.settings(), now)) {
      return false;
    }
    record(conversationId, queue.channelId(), operatorId, round, now, now.plus(queue.settings().idleTime()), toResponsible);
    mongo.updateFirst(
        byId(conversationId),
        startOver ? Update.update("tried", List.of(operatorId)) : new Update().addToSet("tried", operatorId),
        ConversationRouting.class);
    return true;
  }

  /**
   * Records an offer; a repeated attempt leaves the first record as it was.
   *
   * @param expiresAt when the idle time runs out; null for an offer to everyone (it holds no slot)
   */
  void record(String conversationId, String channelId, String operatorId, long round, Instant now, Instant expiresAt) {
    record(conversationId, channelId, operatorId, round, now, expiresAt, false);
  }

  private void record(
      String conversationId, String channelId, String operatorId, long round, Instant now, Instant expiresAt, boolean toResponsible) {
    try {
      mongo.insert(
          new Offer(
              Offer.id(conversationId, round, operatorId),
              conversationId,
              channelId,
              operatorId,
              round,
              OfferStatus.OFFERED,
              expiresAt != null,
              now,
              null,
              expiresAt,
              toResponsible ? Boolean.TRUE : null));
    } catch (DuplicateKeyException alreadyRecorded) {
      // A repeated attempt: the offer stands as first recorded.
    }
  }

  List<Offer> ofRound(String conversationId, long round) {
    return mongo.find(
        Query.query(Criteria.where("conversationId").is(conversationId).and("round").is(round)), Offer.class);
  }

  /** Every offer of the conversation, by round. */
  List<Offer> all(String conversationId) {
    return mongo.find(
        Query.query(Criteria.where("conversationId").is(conversationId)).with(Sort.by("round", "_id")), Offer.class);
  }

  /**
   * The offer that waits for an answer now, with when it expires; empty when the conversation is not
   * offered (routing, waiting, answered or closed).
   */
  Optional<OpenOffer> current(String conversationId) {
    ConversationRouting state = states.read(conversationId);
    if (state == null || state.getStatus() != RoutingStatus.OFFERED || state.getAssignedOperatorId() != null) {
      return Optional.empty();
    }
    List<Offer> open =
        ofRound(conversationId, state.getRound()).stream().filter(o -> o.status() == OfferStatus.OFFERED).toList();
    if (open.isEmpty()) {
      return Optional.empty();
    }
    Offer first = open.get(0);
    Instant expiresAt =
        state.getMode() == DistributionMode.ALL
            ? null
            : first.expiresAt() != null
                ? first.expiresAt()
                // Offered before offers kept their expiry: the channel's idle time from the offer.
                : first.offeredAt().plus(channels.get(first.queueChannelId()).getQueue().idleTime());
    return Optional.of(
        new OpenOffer(open.stream().map(Offer::operatorId).toList(), state.getMode(), state.getRound(), expiresAt));
  }

  /** The conversation's open offer of its current round to this operator. */
  Offer openTo(ConversationRouting state, String conversationId, String operatorId) {
    if (state == null) {
      throw new OfferConflictException("Conversation " + conversationId + " is not being offered to anyone");
    }
    Query query =
        Query.query(
            Criteria.where("_id").is(Offer.id(conversationId, state.getRound(), operatorId)).and("status").is(OfferStatus.OFFERED));
    query.fields().include("conversationId", "queueChannelId", "operatorId", "round", "status", "capacityReserved");
    Offer offer = mongo.findOne(query, Offer.class);
    if (offer == null) {
      throw new OfferConflictException(
          "Conversation " + conversationId + " is not offered to you (any more): it expired or went to someone else");
    }
    return offer;
  }

  /**
   * Closes every still-open offer up to the round and gives back the slots they held. Each offer gives
   * its slot back at most once (its own flag is cleared in the same update), so an old skipped offer
   * can never free a slot the same operator holds for a later offer of the same conversation.
   */
  void closeUpTo(String conversationId, long upToRound, OfferStatus newStatus) {
    Query query =
        Query.query(
            new Criteria()
                .andOperator(
                    Criteria.where("conversationId").is(conversationId),
                    Criteria.where("round").lte(upToRound),
                    Criteria.where("status").ne(OfferStatus.ANSWERED),
                    new Criteria()
                        .orOperator(
                            Criteria.where("status").is(OfferStatus.OFFERED),
                            Criteria.where("capacityReserved").is(true))));
    for (Offer offer : mongo.find(query, Offer.class)) {
      Update update = Update.update("capacityReserved", false);
      if (offer.status() == OfferStatus.OFFERED) {
        update.set("status", newStatus).set("decidedAt", clock.instant());
      }
      Query unchanged =
          Query.query(
              Criteria.where("_id")
                  .is(offer.id())
                  .and("status")
                  .is(offer.status())
                  .and("capacityReserved")
                  .is(offer.capacityReserved()));
      unchanged.fields().include("_id");
      Offer closed =
          mongo.findAndModify(unchanged, update, FindAndModifyOptions.options().returnNew(false), Offer.class);
      if (closed != null && offer.capacityReserved()) {
        capacity.giveBack(offer.operatorId(), conversationId, offer.queueChannelId());
      }
      if (closed != null && offer.status() == OfferStatus.OFFERED) {
        meters.offerEnded(offer.queueChannelId(), newStatus);
        events.publishEvent(new ConversationEvent.OfferWithdrawn(conversationId, offer.operatorId(), newStatus.name()));
      }
    }
  }

  /**
   * A repeated attempt whose first run reserved a slot but stopped before recording the offer: such a
   * slot is held by no open offer and no assignment, so it is given back.
   */
  void releaseUnrecordedReservations(String conversationId, String channelId) {
    for (String holder : capacity.holdersOf(conversationId)) {
      boolean recorded =
          mongo.exists(
              Query.query(
                  Criteria.where("conversationId")
                      .is(conversationId)
                      .and("operatorId")
                      .is(holder)
                      .and("status")
                      .in(OfferStatus.OFFERED, OfferStatus.ANSWERED)),
              Offer.class);
      if (!recorded) {
        capacity.giveBack(holder, conversationId, channelId);
      }
    }
  }

  /**
   * Offers still open to these operators, narrowed by {@code narrowed} (e.g. to one channel), each with what
   * passing it on needs: its conversation, queue channel and operator. Served by the operator index.
   */
  List<Offer> openToOperators(Collection<String> operatorIds, UnaryOperator<Criteria> narrowed) {
    Query open = Query.query(narrowed.apply(Criteria.where("operatorId").in(operatorIds).and("status").is(OfferStatus.OFFERED)));
    open.fields().include("conversationId", "queueChannelId", "operatorId", "toResponsible");
    return mongo.find(open, Offer.class);
  }
}
