package dev.openlines.routing;

import static dev.openlines.routing.RoutingStates.byId;
import static dev.openlines.routing.RoutingStates.status;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.conversation.ConversationEvent;
import dev.openlines.conversation.ConversationTransfers;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** An operator answers or skips the offer shown to them; the process is told by message. */
@Service
class OfferAnswers {

  private static final Logger log = LoggerFactory.getLogger(OfferAnswers.class);

  private final MongoTemplate mongo;
  private final RoutingStates states;
  private final OpenOffers offers;
  private final OperatorCapacity capacity;
  private final ChannelService channels;
  private final ConversationMessages messages;
  private final ApplicationEventPublisher events;
  private final RoutingMeters meters;
  private final ConversationTransfers transfers;
  private final Clock clock;

  OfferAnswers(
      MongoTemplate mongo,
      RoutingStates states,
      OpenOffers offers,
      OperatorCapacity capacity,
      ChannelService channels,
      ConversationMessages messages,
      ApplicationEventPublisher events,
      RoutingMeters meters,
      ConversationTransfers transfers,
      Clock clock) {
    this.mongo = mongo;
    this.states = states;
    this.offers = offers;
    this.capacity = capacity;
    this.channels = channels;
    this.messages = messages;
    this.events = events;
    this.meters = meters;
    this.transfers = transfers;
    this.clock = clock;
  }

  /**
   * The operator takes the conversation offered to them. Exactly one operator can win a conversation.
   *
   * @throws OfferConflictException when it is not offered to this operator (any more), someone else was
   *     faster, or (offered to everyone) the operator has no free slot
   */
  void answer(String conversationId, String operatorId) {
    take(conversationId, operatorId, true);
  }

  /**
   * Takes the offer for the operator who started the conversation ({@code operator-start.assign}), as their
   * answer would, but without telling the process: it is in the step that takes it, not waiting for an
   * answer. An "answered" message nobody waits for stays buffered for its time to live, and the next offer's
   * wait (a transfer right after) would take it as the colleague's answer.
   *
   * @throws OfferConflictException as {@link #answer}
   */
  void takeForStarter(String conversationId, String operatorId) {
    take(conversationId, operatorId, false);
  }

  private void take(String conversationId, String operatorId, boolean tellProcess) {
    ConversationRouting state = states.read(conversationId);
    if (state != null && operatorId.equals(state.getAssignedOperatorId())) {
      return;
    }
    Offer offer = offers.openTo(state, conversationId, operatorId);
    String channelId = offer.queueChannelId();
    if (!offer.capacityReserved()
        && !capacity.reserve(operatorId, conversationId, channelId, channels.get(channelId).getQueue(), clock.instant())) {
      throw new OfferConflictException(
          "You have no free slot in this channel: close or finish a conversation first, or check your presence");
    }
    Query claim =
        Query.query(
            Criteria.where("_id")
                .is(conversationId)
                .and("round")
                .is(offer.round())
                .and("assignedOperatorId")
                .is(null));
    claim.fields().include("_id");
    Instant answeredAt = clock.instant();
    ConversationRouting claimed =
        mongo.findAndModify(
            claim,
            status(RoutingStatus.ASSIGNED, answeredAt)
                .set("assignedOperatorId", operatorId)
                .set("assignedAt", answeredAt),
            FindAndModifyOptions.options().returnNew(false),
            ConversationRouting.class);
    if (claimed == null) {
      if (!offer.capacityReserved()) {
        capacity.giveBack(operatorId, conversationId, channelId);
      }
      throw new OfferConflictException("The conversation was taken by another operator or its offer expired");
    }
    mongo.updateFirst(
        byId(offer.id()),
        new Update()
            .set("status", OfferStatus.ANSWERED)
            .set("capacityReserved", true)
            .set("decidedAt", clock.instant()),
        Offer.class);
    offers.closeUpTo(conversationId, offer.round(), OfferStatus.WITHDRAWN);
    transfers.answered(conversationId, answeredAt);
    meters.answered(channelId, conversationId, clock.instant());
    if (tellProcess) {
      messages.answered(conversationId, operatorId);
    }
    events.publishEvent(new ConversationEvent.Assigned(conversationId, operatorId));
  }

  /** The operator passes on the offer; an offer to one operator moves on to the next operator at once. */
  void skip(String conversationId, String operatorId) {
    pass(conversationId, operatorId, OfferStatus.SKIPPED);
  }

  /**
   * The offer leaves an operator who left (went away, offline, dismissed) as their skip would, except that
   * an offer to everyone is only taken back from them: back in time, they see it again while it is open.
   */
  void passOnFromAbsent(String conversationId, String operatorId) {
    pass(conversationId, operatorId, OfferStatus.WITHDRAWN);
  }

  /**
   * {@link #passOnFromAbsent} for an offer a listener or a pass found, where {@code applies} says so: one
   * answered or ended meanwhile is left alone, and one that cannot be passed on now (the engine away, its
   * channel gone) moves on after its idle time. Nothing is thrown, so an admin's save that triggered it
   * still succeeds.
   *
   * @param why how the operator left, for the log ("left", "was taken out of channel x's queue")
   */
  void passOnFromAbsentWhere(Offer offer, Predicate<Offer> applies, String why) {
    try {
      if (applies.test(offer)) {
        passOnFromAbsent(offer.conversationId(), offer.operatorId());
        log.info("Offer of conversation {} passed on: operator {} {}", offer.conversationId(), offer.operatorId(), why);
      }
    } catch (OfferConflictException answeredOrEndedMeanwhile) {
      // Nothing left to pass on.
    } catch (RuntimeException notPassedOn) {
      log.warn("Offer of conversation {} to operator {}, who {}, not passed on now; it moves on after the idle time",
          offer.conversationId(), offer.operatorId(), why, notPassedOn);
    }
  }

  private void pass(String conversationId, String operatorId, OfferStatus ending) {
    ConversationRouting state = states.read(conversationId);
    Offer offer = offers.openTo(state, conversationId, operatorId);
    Query open = Query.query(Criteria.where("_id").is(offer.id()).and("status").is(OfferStatus.OFFERED));
    open.fields().include("_id");
    Offer passed =
        mongo.findAndModify(
            open,
            new Update().set("status", ending).set("decidedAt", clock.instant()),
            FindAndModifyOptions.options().returnNew(false),
            Offer.class);
    if (passed == null) {
      throw new OfferConflictException("The offer is no longer open");
    }
    meters.offerEnded(offer.queueChannelId(), ending);
    events.publishEvent(new ConversationEvent.OfferWithdrawn(conversationId, operatorId, ending.name()));
    if (state.getMode() != DistributionMode.ALL) {
      messages.skipped(conversationId, operatorId);
    } else if (ending == OfferStatus.SKIPPED) {
      mongo.updateFirst(byId(conversationId), new Update().addToSet("skippedBy", operatorId), ConversationRouting.class);
    }
  }
}
