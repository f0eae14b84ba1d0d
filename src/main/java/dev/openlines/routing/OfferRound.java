package dev.openlines.routing;

import static dev.openlines.routing.RoutingStates.status;

import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.QueueSettings;
import dev.openlines.conversation.ConversationEvent;
import dev.openlines.conversation.ConversationStatusService;
import dev.openlines.operator.Operator;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * One offer round of a conversation (job {@code routing.offer}): the previous round's offers end, the
 * CRM-responsible operator is tried first where the decision table sends it to them, then the round's
 * {@link OperatorPicker} chooses. Every step is one conditional update on one document, so several
 * application instances and redelivered jobs cannot over-fill an operator or hand one conversation to
 * two operators.
 */
@Service
class OfferRound {

  private final MongoTemplate mongo;
  private final RoutingStates states;
  private final RoutingQueues queues;
  private final OperatorPickers pickers;
  private final OperatorAvailability availability;
  private final OperatorCapacity capacity;
  private final OpenOffers offers;
  private final WaitingConversations waiting;
  private final QueueOrder queueOrder;
  private final ConversationStatusService conversationStatus;
  private final ApplicationEventPublisher events;
  private final RoutingMeters meters;
  private final Clock clock;

  OfferRound(
      MongoTemplate mongo,
      RoutingStates states,
      RoutingQueues queues,
      OperatorPickers pickers,
      OperatorAvailability availability,
      OperatorCapacity capacity,
      OpenOffers offers,
      WaitingConversations waiting,
      QueueOrder queueOrder,
      ConversationStatusService conversationStatus,
      ApplicationEventPublisher events,
      RoutingMeters meters,
      Clock clock) {
    this.mongo = mongo;
    this.states = states;
    this.queues = queues;
    this.pickers = pickers;
    this.availability = availability;
    this.capacity = capacity;
    this.offers = offers;
    this.waiting = waiting;
    this.queueOrder = queueOrder;
    this.conversationStatus = conversationStatus;
    this.events = events;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * Starts a new offer round for the conversation: picking in queue order or evenly reserves a slot of
   * exactly one operator, picking everyone shows it to everyone available (slots are taken on answering).
   *
   * @param attemptKey identifies this attempt ({@link dev.openlines.conversation.StepKeys#attempt}):
   *     repeating an attempt returns its first result
   */
  OfferResult offer(String attemptKey, OfferRequest transferredOrNot) {
    Instant now = clock.instant();
    OfferRequest request = queues.colleagueOrOwnQueue(transferredOrNot);
    String conversationId = request.conversationId();
    RoutingQueue queue = queues.queueFor(request);
    QueueSettings settings = queue.settings();
    DistributionMode channelMode = queues.channelMode(request.channelId(), request.transferToChannelId());
    OperatorPicker picker = pickers.choose(request.operatorPickerFor(channelMode), settings.mode());

    ConversationRouting state = startRound(conversationId, attemptKey, request, queue, picker.mode(), now);
    boolean newRound = state != null;
    long round;
    if (!newRound) {
      state = states.read(conversationId);
      round = state.getRound();
      List<Offer> earlier = offers.ofRound(conversationId, round);
      if (!earlier.isEmpty()) {
        return new OfferResult(
            round, earlier.stream().map(Offer::operatorId).toList(), state.getMode(), settings.idleTime(), channelMode);
      }
      offers.releaseUnrecordedReservations(conversationId, queue.channelId());
    } else {
      round = state.getRound() + 1;
      if (state.getAssignedOperatorId() != null) {
        // Routed again (e.g. transferred): the previous operator's slot is given back.
        capacity.giveBack(state.getAssignedOperatorId(), conversationId, state.getQueueChannelId());
      }
    }
    if (round > 1) {
      // Offers are recorded from round 1 on: before the first round there is nothing to withdraw (and no read).
      offers.closeUpTo(conversationId, round - 1, OfferStatus.WITHDRAWN);
    }

    if (newRound && waitsBehindOlderConversations(state, request, queue, picker.mode())) {
      recordOutcome(request, queue, round, state, List.of(), picker.mode(), now);
      return new OfferResult(round, List.of(), picker.mode(), settings.idleTime(), channelMode);
    }

    OperatorPicker.Round thisRound =
        new OperatorPicker.Round(conversationId, queue, round, state, LocalDate.ofInstant(now, queue.timeZone()), now);
    List<String> offeredTo = picker.mode() == DistributionMode.ALL ? List.of() : responsibleFirst(thisRound, request);
    if (offeredTo.isEmpty()) {
      offeredTo = picker.offer(thisRound);
    }
    recordOutcome(request, queue, round, state, offeredTo, picker.mode(), now);
    return new OfferResult(round, offeredTo, picker.mode(), settings.idleTime(), channelMode);
  }

  private boolean waitsBehindOlderConversations(
      ConversationRouting before, OfferRequest request, RoutingQueue queue, DistributionMode mode) {
    String department = RoutingQueues.departmentOf(request.distributionOrQueue(), queue);
    return queueOrder.olderConversationsGoFirst(before, queue.channelId(), department, request.targetOperatorId(), mode);
  }

  /** Where the decision table sends the conversation to its CRM-responsible operator, they are offered it first (once per pass). */
  private List<String> responsibleFirst(OperatorPicker.Round round, OfferRequest request) {
    String responsible = request.responsibleOperatorId();
    if (request.distributionOrQueue().targetOrQueue() != RoutingTarget.RESPONSIBLE
        || responsible == null
        || round.before().getTried().contains(responsible)) {
      return List.of();
    }
    RoutingQueue own = queues.onlyOperator(request.channelId(), responsible);
    for (Operator operator : availability.available(own, round.today())) {
      if (offers.reserveAndOfferToResponsible(round.conversationId(), round.queue(), round.number(), operator.getId(), round.now())) {
        return List.of(operator.getId());
      }
    }
    return List.of();
  }

  private void recordOutcome(
      OfferRequest request,
      RoutingQueue queue,
      long round,
      ConversationRouting state,
      List<String> offeredTo,
      DistributionMode mode,
      Instant now) {
    String conversationId = request.conversationId();
    Update result = status(offeredTo.isEmpty() ? RoutingStatus.WAITING : RoutingStatus.OFFERED, now);
    boolean firstOffer = !offeredTo.isEmpty() && state.getFirstOfferedAt() == null;
    if (firstOffer) {
      result.set("firstOfferedAt", now);
    }
    boolean recorded =
        mongo.updateFirst(
                    Query.query(
                        Criteria.where("_id").is(conversationId).and("round").is(round).and("assignedOperatorId").is(null)),
                    result,
                    ConversationRouting.class)
                .getModifiedCount()
            == 1;
    if (recorded && offeredTo.isEmpty()) {
      waiting.conversationWaits(queue.channelId());
    } else if (recorded) {
      meters.offered(queue.channelId(), offeredTo.size(), firstOffer);
      Instant conversationCreatedAt = conversationStatus.recordOffered(conversationId);
      if (firstOffer) {
        events.publishEvent(new ConversationFirstOffered(conversationId, now, conversationCreatedAt, request.waitingSince()));
      }
      events.publishEvent(new ConversationEvent.OfferMade(conversationId, offeredTo, now,
          mode == DistributionMode.ALL ? null : now.plus(queue.settings().idleTime())));
    }
  }

  /**
   * One command starts the round, and on the conversation's first round creates its routing document
   * (an upsert: nothing matched, so the document is new). An upsert that finds the document there after
   * all, but not matching (this attempt started its round already), is refused on the id; it is asked
   * once more without creating, which also covers a document another attempt created meanwhile.
   *
   * @return the state before the new round started, or null when this attempt already started its round
   */
  private ConversationRouting startRound(
      String conversationId, String attemptKey, OfferRequest request, RoutingQueue queue, DistributionMode mode, Instant now) {
    Query query = Query.query(Criteria.where("_id").is(conversationId).and("offerJobKey").ne(attemptKey));
    query.fields().include("status", "round", "tried", "skippedBy", "queuedSince", "firstOfferedAt", "assignedOperatorId", "queueChannelId");
    Update update = roundStart(attemptKey, request, queue, mode, now);
    try {
      ConversationRouting before = mongo.findAndModify(
          query, update, FindAndModifyOptions.options().returnNew(false).upsert(true), ConversationRouting.class);
      return before != null ? before : ConversationRouting.neverRouted(conversationId, now);
    } catch (DuplicateKeyException existsButDidNotMatch) {
      return mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(false), ConversationRouting.class);
    }
  }

  private static Update roundStart(String attemptKey, OfferRequest request, RoutingQueue queue, DistributionMode mode, Instant now) {
    return status(RoutingStatus.ROUTING, now)
            .inc("round", 1)
            .set("offerJobKey", attemptKey)
            .set("channelId", request.channelId())
            .set("queueChannelId", queue.channelId())
            .set("departmentId", RoutingQueues.departmentOf(request.distributionOrQueue(), queue))
            .set("targetOperatorId", request.targetOperatorId())
            .set("mode", mode)
            .set("noAnswerAt", request.noAnswerAt())
            .unset("assignedOperatorId")
            .unset("assignedAt")
            .setOnInsert("queuedSince", now);
  }
}
