package dev.openlines.routing;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.conversation.ConversationStatusService;
import dev.openlines.conversation.OperatorReturn;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorAvailableEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.openlines.conversation.ConversationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Offers conversations to operators and gives the slots back. Every step is one conditional update on
 * one document, so several application instances and redelivered jobs cannot over-fill an operator or
 * hand one conversation to two operators.
 */
@Service
public class RoutingService implements OperatorReturn {

  private static final Logger log = LoggerFactory.getLogger(RoutingService.class);
  /** EVENLY reads this many operators per query, enough for the first reservation to succeed nearly always. */
  static final int EVENLY_PAGE = 5;
  /** Never assigned (null) first, then the longest ago; the id breaks ties so the order is stable. */
  private static final Sort LONGEST_SINCE_ASSIGNED = Sort.by("lastAssignedAt", "_id");

  private final MongoTemplate mongo;
  private final ChannelService channels;
  private final OperatorAvailability availability;
  private final OperatorCapacity capacity;
  private final ConversationMessages messages;
  private final WaitingConversations waiting;
  private final ConversationStatusService conversationStatus;
  private final ApplicationEventPublisher events;
  private final RoutingMeters meters;
  private final Clock clock;

  RoutingService(
      MongoTemplate mongo,
      ChannelService channels,
      OperatorAvailability availability,
      OperatorCapacity capacity,
      ConversationMessages messages,
      WaitingConversations waiting,
      ConversationStatusService conversationStatus,
      ApplicationEventPublisher events,
      RoutingMeters meters,
      Clock clock) {
    this.mongo = mongo;
    this.channels = channels;
    this.availability = availability;
    this.capacity = capacity;
    this.messages = messages;
    this.waiting = waiting;
    this.conversationStatus = conversationStatus;
    this.events = events;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * Starts a new offer round for the conversation: STRICT and EVENLY reserve a slot of exactly one
   * operator, ALL shows it to everyone available (slots are taken on answering).
   *
   * @param attemptKey identifies this attempt ({@link dev.openlines.conversation.StepKeys#attempt}):
   *     repeating an attempt returns its first result
   */
  public OfferResult offer(String attemptKey, OfferRequest request) {
    Instant now = clock.instant();
    String conversationId = request.conversationId();
    Distribution distribution = request.distributionOrQueue();
    RoutingQueue queue = queueFor(request, distribution);
    QueueSettings settings = queue.settings();

    mongo.upsert(
        byId(conversationId),
        new Update()
            .setOnInsert("queuedSince", now)
            .setOnInsert("round", 0L)
            .setOnInsert("status", RoutingStatus.ROUTING)
            .setOnInsert("statusSince", now),
        ConversationRouting.class);
    ConversationRouting state = startRound(conversationId, attemptKey, request, queue, distribution, now);
    long round;
    if (state == null) {
      state = read(conversationId);
      round = state.getRound();
      List<Offer> earlier = offersOfRound(conversationId, round);
      if (!earlier.isEmpty()) {
        return new OfferResult(round, earlier.stream().map(Offer::operatorId).toList(), settings.mode(), settings.idleTime());
      }
      releaseUnrecordedReservations(conversationId, queue.channelId());
    } else {
      round = state.getRound() + 1;
      if (state.getAssignedOperatorId() != null) {
        // Routed again (e.g. transferred): the previous operator's slot is given back.
        releaseSlot(state.getAssignedOperatorId(), conversationId, state.getQueueChannelId());
      }
    }
    if (round > 1) {
      // Offers are recorded from round 1 on: before the first round there is nothing to withdraw (and no read).
      withdrawOpenOffers(conversationId, round - 1, OfferStatus.WITHDRAWN);
    }

    LocalDate today = LocalDate.ofInstant(now, queue.timeZone());
    List<String> offeredTo =
        settings.mode() == DistributionMode.ALL
            ? offerToEveryone(conversationId, queue, round, availability.available(queue, today), state, now)
            : offerToOne(conversationId, queue, round, state, request, today, now);

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
        events.publishEvent(new ConversationFirstOffered(conversationId, now, conversationCreatedAt));
      }
      events.publishEvent(new ConversationEvent.OfferMade(conversationId, offeredTo, now,
          settings.mode() == DistributionMode.ALL ? null : now.plus(settings.idleTime())));
    }
    return new OfferResult(round, offeredTo, settings.mode(), settings.idleTime());
  }

  /**
   * Takes the current offer back (idle time over, skipped, or re-offering) and frees the slots it held.
   *
   * @return the operator when one answered just before the offer could be withdrawn
   */
  public Optional<String> withdraw(String conversationId) {
    Query query = Query.query(Criteria.where("_id").is(conversationId).and("assignedOperatorId").is(null));
    query.fields().include("round", "queueChannelId");
    ConversationRouting before =
        mongo.findAndModify(
            query,
            status(RoutingStatus.ROUTING, clock.instant()).inc("round", 1),
            FindAndModifyOptions.options().returnNew(false),
            ConversationRouting.class);
    if (before == null) {
      ConversationRouting state = read(conversationId);
      return Optional.ofNullable(state == null ? null : state.getAssignedOperatorId());
    }
    withdrawOpenOffers(conversationId, before.getRound(), OfferStatus.EXPIRED);
    return Optional.empty();
  }

  /**
   * The engine that ran the conversation's process restarted empty (embedded runtime) and the process is
   * recreated. Job keys of the new engine start over, so the stored attempt key is forgotten (a new offer
   * job with the same key must not pass for a repeated attempt). An open offer stays as it is (the new
   * process waits for its answer until its original expiry, {@link #openOffer}); anything else between
   * an offer's steps is withdrawn, giving back what it reserved, so that routing again counts no slot twice.
   *
   * @return the operator when one had already answered, so the conversation is theirs
   */
  public Optional<String> resumeAfterEngineRestart(String conversationId) {
    ConversationRouting state = read(conversationId);
    if (state == null) {
      return Optional.empty();
    }
    if (state.getStatus() == RoutingStatus.CLOSED) {
      throw new IllegalStateException("Conversation " + conversationId + " was closed in routing: nothing to resume");
    }
    mongo.updateFirst(byId(conversationId), new Update().unset("offerJobKey"), ConversationRouting.class);
    if (state.getAssignedOperatorId() == null && openOffer(conversationId).isPresent()) {
      return Optional.empty();
    }
    return withdraw(conversationId);
  }

  /**
   * The offer that waits for an answer now, with when it expires; empty when the conversation is not
   * offered (routing, waiting, answered or closed).
   */
  /** When "Nobody answered in time" fires for the conversation's current wait for an operator, as its offers stored it. */
  public Optional<Instant> noAnswerAt(String conversationId) {
    ConversationRouting state = read(conversationId);
    return Optional.ofNullable(state == null ? null : state.getNoAnswerAt());
  }

  public Optional<OpenOffer> openOffer(String conversationId) {
    ConversationRouting state = read(conversationId);
    if (state == null || state.getStatus() != RoutingStatus.OFFERED || state.getAssignedOperatorId() != null) {
      return Optional.empty();
    }
    List<Offer> open =
        offersOfRound(conversationId, state.getRound()).stream().filter(o -> o.status() == OfferStatus.OFFERED).toList();
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

  /**
   * Whether an operator holds the conversation now, and since when: from answering its offer until it
   * is transferred or closed (a take-over passes it on without a break).
   *
   * @return empty while it is routed, waits for an operator, or is closed
   */
  public Optional<Instant> heldSince(String conversationId) {
    Query query = byId(conversationId);
    query.fields().include("assignedOperatorId", "assignedAt", "status");
    ConversationRouting state = mongo.findOne(query, ConversationRouting.class);
    if (state == null || state.getAssignedOperatorId() == null || state.getStatus() == RoutingStatus.CLOSED) {
      return Optional.empty();
    }
    // Assigned before assignedAt was recorded: held, since an unknown time.
    return Optional.of(state.getAssignedAt() == null ? Instant.MIN : state.getAssignedAt());
  }

  /** Whether routing has closed the conversation (its slots and offers were given back). */
  public boolean isClosed(String conversationId) {
    ConversationRouting state = read(conversationId);
    return state != null && state.getStatus() == RoutingStatus.CLOSED;
  }

  /** The conversation is closed: its operator's slot and any open offer are given back. Idempotent. */
  public void close(String conversationId) {
    Query query = byId(conversationId);
    query.fields().include("round", "assignedOperatorId", "queueChannelId");
    ConversationRouting before =
        mongo.findAndModify(
            query,
            status(RoutingStatus.CLOSED, clock.instant()),
            FindAndModifyOptions.options().returnNew(false),
            ConversationRouting.class);
    if (before == null) {
      return;
    }
    withdrawOpenOffers(conversationId, before.getRound(), OfferStatus.WITHDRAWN);
    if (before.getAssignedOperatorId() != null) {
      releaseSlot(before.getAssignedOperatorId(), conversationId, before.getQueueChannelId());
    }
  }

  /**
   * The client came back during the rating wait: the conversation is its operator's again and counts
   * against their limit again (not refused for a full limit: the client returns to the operator they
   * talked to). Safe to repeat.
   *
   * @return the operator; empty when nobody had answered the conversation
   */
  @Override
  public Optional<String> reopen(String conversationId) {
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

  /**
   * A colleague takes the assigned conversation over: they become its operator and, when the previous
   * holder's slot counted it, the count moves to them (taking over is a deliberate choice, so it is not
   * refused for a full limit). Safe to repeat: the new holder is counted before the old one is freed,
   * so a retry after a crash in between finishes the move without counting anyone twice.
   *
   * @return the operator who holds the conversation afterwards; empty when it is closed or nobody held it
   */
  public Optional<String> handOver(String conversationId, String toOperatorId) {
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
      previous.forEach(id -> releaseSlot(id, conversationId, channelId));
    }
    return Optional.of(toOperatorId);
  }

  /** The operator takes the conversation offered to them. Exactly one operator can win a conversation.
   *
   * @throws OfferConflictException when it is not offered to this operator (any more), someone else was
   *     faster, or (ALL) the operator has no free slot
   */
  public void answer(String conversationId, String operatorId) {
    ConversationRouting state = read(conversationId);
    if (state != null && operatorId.equals(state.getAssignedOperatorId())) {
      return;
    }
    Offer offer = openOfferFor(state, conversationId, operatorId);
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
    ConversationRouting claimed =
        mongo.findAndModify(
            claim,
            status(RoutingStatus.ASSIGNED, clock.instant())
                .set("assignedOperatorId", operatorId)
                .set("assignedAt", clock.instant()),
            FindAndModifyOptions.options().returnNew(false),
            ConversationRouting.class);
    if (claimed == null) {
      if (!offer.capacityReserved()) {
        releaseSlot(operatorId, conversationId, channelId);
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
    withdrawOpenOffers(conversationId, offer.round(), OfferStatus.WITHDRAWN);
    meters.answered(channelId, conversationId, clock.instant());
    messages.answered(conversationId, operatorId);
    events.publishEvent(new ConversationEvent.Assigned(conversationId, operatorId));
  }

  /** The operator passes on the offer; STRICT and EVENLY move on to the next operator at once. */
  public void skip(String conversationId, String operatorId) {
    ConversationRouting state = read(conversationId);
    Offer offer = openOfferFor(state, conversationId, operatorId);
    Query open = Query.query(Criteria.where("_id").is(offer.id()).and("status").is(OfferStatus.OFFERED));
    open.fields().include("_id");
    Offer skipped =
        mongo.findAndModify(
            open,
            new Update().set("status", OfferStatus.SKIPPED).set("decidedAt", clock.instant()),
            FindAndModifyOptions.options().returnNew(false),
            Offer.class);
    if (skipped == null) {
      throw new OfferConflictException("The offer is no longer open");
    }
    meters.offerEnded(offer.queueChannelId(), OfferStatus.SKIPPED);
    events.publishEvent(new ConversationEvent.OfferWithdrawn(conversationId, operatorId, OfferStatus.SKIPPED.name()));
    if (state.getMode() == DistributionMode.ALL) {
      mongo.updateFirst(byId(conversationId), new Update().addToSet("skippedBy", operatorId), ConversationRouting.class);
    } else {
      messages.skipped(conversationId, operatorId);
    }
  }

  /**
   * The holder closed the conversation (its process was told): the slot is given back now, so the next
   * waiting conversation is offered without waiting for the process to reach its own release (which then
   * finds nothing left to free).
   */
  public void holderClosed(String conversationId, String operatorId) {
    ConversationRouting state = read(conversationId);
    if (state != null && operatorId.equals(state.getAssignedOperatorId()) && state.getStatus() != RoutingStatus.CLOSED) {
      releaseSlot(operatorId, conversationId, state.getQueueChannelId());
    }
  }

  /**
   * The assigned operator sent a message: with the exclusion "answered" or "waiting for the client" the
   * conversation stops counting against their limit.
   */
  public void operatorReplied(String conversationId) {
    ConversationRouting state = read(conversationId);
    if (state == null || state.getAssignedOperatorId() == null) {
      return;
    }
    LimitExclusion exclusion = channels.get(state.getQueueChannelId()).getQueue().limitExclusion();
    if (exclusion != LimitExclusion.CLOSED) {
      releaseSlot(state.getAssignedOperatorId(), conversationId, state.getQueueChannelId());
    }
  }

  /** The client wrote in an assigned conversation: with "waiting for the client" it counts again. */
  public void clientWrote(String conversationId) {
    ConversationRouting state = read(conversationId);
    if (state == null || state.getAssignedOperatorId() == null || state.getStatus() == RoutingStatus.CLOSED) {
      return;
    }
    LimitExclusion exclusion = channels.get(state.getQueueChannelId()).getQueue().limitExclusion();
    if (exclusion == LimitExclusion.WAITING_FOR_CLIENT) {
      capacity.recount(state.getAssignedOperatorId(), conversationId, state.getQueueChannelId());
    }
  }

  /**
   * Whether the operator is online and could take a conversation of the channel now (input "responsible
   * operator online" of the decision table).
   */
  public boolean canTake(String operatorId, String channelId) {
    if (operatorId == null || operatorId.isBlank()) {
      return false;
    }
    OpenChannel channel = channels.get(channelId);
    QueueSettings settings = channel.getQueue();
    // "Online" for the responsible operator means present, whether or not the channel checks presence.
    QueueSettings onlyThem =
        new QueueSettings(
            List.of(QueueEntry.operator(operatorId)),
            settings.mode(),
            settings.idleTime(),
            settings.chatLimit(),
            settings.limitExclusion(),
            true);
    RoutingQueue queue = new RoutingQueue(channel.getId(), channel.getTimeZone(), onlyThem);
    return !availability.available(queue, LocalDate.ofInstant(clock.instant(), channel.getTimeZone())).isEmpty();
  }

  public Optional<ConversationRouting> state(String conversationId) {
    return Optional.ofNullable(read(conversationId));
  }

  public List<Offer> offers(String conversationId) {
    return mongo.find(
        Query.query(Criteria.where("conversationId").is(conversationId)).with(Sort.by("round", "_id")),
        Offer.class);
  }

  /** @return the state before the new round started, or null when this attempt already started its round */
  private ConversationRouting startRound(
      String conversationId,
      String attemptKey,
      OfferRequest request,
      RoutingQueue queue,
      Distribution distribution,
      Instant now) {
    Query query = Query.query(Criteria.where("_id").is(conversationId).and("offerJobKey").ne(attemptKey));
    query.fields().include("round", "tried", "skippedBy", "queuedSince", "firstOfferedAt", "assignedOperatorId", "queueChannelId");
    // Only when the queue really is that department (a department nobody belongs to falls back to the channel's queue).
    String departmentId =
        distribution.targetOrQueue() == RoutingTarget.OTHER_QUEUE
                && isBlank(distribution.targetChannelId())
                && !isBlank(distribution.targetDepartmentId())
                && queue.settings().entries().equals(List.of(QueueEntry.department(distribution.targetDepartmentId())))
            ? distribution.targetDepartmentId()
            : null;
    String targetOperatorId = isBlank(request.transferToOperatorId()) ? null : request.transferToOperatorId();
    return mongo.findAndModify(
        query,
        status(RoutingStatus.ROUTING, now)
            .inc("round", 1)
            .set("offerJobKey", attemptKey)
            .set("channelId", request.channelId())
            .set("queueChannelId", queue.channelId())
            .set("departmentId", departmentId)
            .set("targetOperatorId", targetOperatorId)
            .set("mode", queue.settings().mode())
            .set("noAnswerAt", request.noAnswerAt())
            .unset("assignedOperatorId")
            .unset("assignedAt"),
        FindAndModifyOptions.options().returnNew(false),
        ConversationRouting.class);
  }

  private List<String> offerToOne(
      String conversationId,
      RoutingQueue queue,
      long round,
      ConversationRouting state,
      OfferRequest request,
      LocalDate today,
      Instant now) {
    String responsible = request.responsibleOperatorId();
    if (request.distributionOrQueue().targetOrQueue() == RoutingTarget.RESPONSIBLE
        && responsible != null
        && !state.getTried().contains(responsible)) {
      OpenChannel home = channels.get(request.channelId());
      RoutingQueue own =
          new RoutingQueue(home.getId(), home.getTimeZone(), withEntries(home.getQueue(), QueueEntry.operator(responsible)));
      for (Operator operator : availability.available(own, today)) {
        if (reserveAndRecord(conversationId, queue, round, operator, false, now)) {
          return List.of(operator.getId());
        }
      }
    }
    if (queue.settings().mode() == DistributionMode.EVENLY) {
      // The longest since their last assignment first: a few at a time, sorted and limited by the store.
      Set<String> refused = new HashSet<>();
      while (true) {
        List<Operator> next = availability.candidates(queue, refused, LONGEST_SINCE_ASSIGNED, EVENLY_PAGE);
        for (Operator operator : next) {
          if (availability.isAvailable(operator, queue, today)
              && reserveAndRecord(conversationId, queue, round, operator, false, now)) {
            return List.of(operator.getId());
          }
          refused.add(operator.getId());
        }
        if (next.size() < EVENLY_PAGE) {
          return List.of();
        }
      }
    }
    // STRICT: queue order, skipping those tried in this pass; when all were tried, start again at the top.
    List<Operator> untried = availability.available(queue, today, state.getTried());
    boolean startOver = untried.isEmpty();
    for (Operator operator : startOver ? availability.available(queue, today, Set.of()) : untried) {
      if (reserveAndRecord(conversationId, queue, round, operator, startOver, now)) {
        return List.of(operator.getId());
      }
    }
    return List.of();
  }

  /** Reserves one of the operator's slots and records the offer; false when the slot was gone. */
  private boolean reserveAndRecord(
      String conversationId, RoutingQueue queue, long round, Operator operator, boolean startOver, Instant now) {
    if (!capacity.reserve(operator.getId(), conversationId, queue.channelId(), queue.settings(), now)) {
      return false;
    }
    recordOffer(conversationId, queue.channelId(), operator.getId(), round, now, now.plus(queue.settings().idleTime()));
    mongo.updateFirst(
        byId(conversationId),
        startOver ? Update.update("tried", List.of(operator.getId())) : new Update().addToSet("tried", operator.getId()),
        ConversationRouting.class);
    return true;
  }

  private List<String> offerToEveryone(
      String conversationId, RoutingQueue queue, long round, List<Operator> available, ConversationRouting state, Instant now) {
    List<String> offeredTo = new ArrayList<>();
    for (Operator operator : available) {
      if (!state.getSkippedBy().contains(operator.getId())) {
        recordOffer(conversationId, queue.channelId(), operator.getId(), round, now, null);
        offeredTo.add(operator.getId());
      }
    }
    return offeredTo;
  }

  /** @param expiresAt when the idle time runs out; null for an offer to everyone (it holds no slot) */
  private void recordOffer(
      String conversationId, String channelId, String operatorId, long round, Instant now, Instant expiresAt) {
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
              expiresAt));
    } catch (DuplicateKeyException alreadyRecorded) {
      // A repeated attempt: the offer stands as first recorded.
    }
  }

  /**
   * Closes every still-open offer up to the round and gives back the slots they held. Each offer gives
   * its slot back at most once (its own flag is cleared in the same update), so an old skipped offer
   * can never free a slot the same operator holds for a later offer of the same conversation.
   */
  private void withdrawOpenOffers(String conversationId, long upToRound, OfferStatus newStatus) {
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
        releaseSlot(offer.operatorId(), conversationId, offer.queueChannelId());
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
  private void releaseUnrecordedReservations(String conversationId, String channelId) {
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
        releaseSlot(holder, conversationId, channelId);
      }
    }
  }

  private void releaseSlot(String operatorId, String conversationId, String channelId) {
    if (capacity.release(operatorId, conversationId, channelId)) {
      events.publishEvent(new OperatorAvailableEvent(operatorId, channelId));
    }
  }

  private Offer openOfferFor(ConversationRouting state, String conversationId, String operatorId) {
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

  private RoutingQueue queueFor(OfferRequest request, Distribution distribution) {
    if (!isBlank(request.transferToOperatorId())) {
      // Transferred to a colleague: the conversation's channel settings, with only that colleague queued.
      OpenChannel home = channels.get(request.channelId());
      return new RoutingQueue(
          home.getId(), home.getTimeZone(), withEntries(home.getQueue(), QueueEntry.operator(request.transferToOperatorId())));
    }
    if (!isBlank(request.transferToChannelId())) {
      return resolveQueue(request.transferToChannelId(), distribution);
    }
    return resolveQueue(request.channelId(), distribution);
  }

  /**
   * The holder transferred the conversation: it is nobody's any more and routing starts again, so the
   * holder's slot is given back. Idempotent: a repeated call finds nobody assigned and frees nothing.
   *
   * @return the operator who held it; empty when it was closed or already unassigned
   */
  public Optional<String> transferOut(String conversationId) {
    ConversationRouting state = read(conversationId);
    if (state == null || state.getStatus() == RoutingStatus.CLOSED) {
      return Optional.empty();
    }
    Query held = Query.query(Criteria.where("_id").is(conversationId).and("assignedOperatorId").ne(null));
    held.fields().include("assignedOperatorId");
    ConversationRouting before =
        mongo.findAndModify(
            held,
            status(RoutingStatus.ROUTING, clock.instant()).unset("assignedOperatorId").unset("assignedAt"),
            FindAndModifyOptions.options().returnNew(false),
            ConversationRouting.class);
    if (before == null) {
      // Transferred by an operator it was offered to, before anyone answered: its open offers end here
      // (a new round, so a late answer to one of them is refused).
      Query offered = Query.query(Criteria.where("_id").is(conversationId).and("assignedOperatorId").is(null));
      offered.fields().include("round");
      ConversationRouting routed = mongo.findAndModify(
          offered, status(RoutingStatus.ROUTING, clock.instant()).inc("round", 1),
          FindAndModifyOptions.options().returnNew(false), ConversationRouting.class);
      if (routed != null) {
        withdrawOpenOffers(conversationId, routed.getRound(), OfferStatus.WITHDRAWN);
      }
    }
    // Nobody holds it now, so every slot still counting it is stale (also after a crash between the steps).
    capacity.holdersOf(conversationId).forEach(holder -> releaseSlot(holder, conversationId, state.getQueueChannelId()));
    return Optional.ofNullable(before == null ? null : before.getAssignedOperatorId());
  }

  private RoutingQueue resolveQueue(String channelId, Distribution distribution) {
    OpenChannel home = channels.get(channelId);
    if (distribution.targetOrQueue() != RoutingTarget.OTHER_QUEUE) {
      return new RoutingQueue(home.getId(), home.getTimeZone(), home.getQueue());
    }
    if (!isBlank(distribution.targetChannelId())) {
      OpenChannel other = channels.get(distribution.targetChannelId());
      return new RoutingQueue(other.getId(), other.getTimeZone(), other.getQueue());
    }
    if (!isBlank(distribution.targetDepartmentId())) {
      if (!mongo.exists(
          Query.query(Criteria.where("departmentIds").is(distribution.targetDepartmentId())), Operator.class)) {
        // A rule naming a department nobody belongs to must not strand the conversation.
        log.warn(
            "The distribution decision chose department '{}', which has no operators: using channel {}'s queue",
            distribution.targetDepartmentId(),
            home.getId());
        return new RoutingQueue(home.getId(), home.getTimeZone(), home.getQueue());
      }
      return new RoutingQueue(
          home.getId(),
          home.getTimeZone(),
          withEntries(home.getQueue(), QueueEntry.department(distribution.targetDepartmentId())));
    }
    throw new IllegalArgumentException(
        "The distribution decision chose OTHER_QUEUE without a target channel or department: fill in one of them");
  }

  private List<Offer> offersOfRound(String conversationId, long round) {
    return mongo.find(
        Query.query(Criteria.where("conversationId").is(conversationId).and("round").is(round)), Offer.class);
  }

  private ConversationRouting read(String conversationId) {
    Query query = byId(conversationId);
    query.fields().exclude("offerJobKey");
    return mongo.findOne(query, ConversationRouting.class);
  }

  private static QueueSettings withEntries(QueueSettings settings, QueueEntry entry) {
    return new QueueSettings(
        List.of(entry),
        settings.mode(),
        settings.idleTime(),
        settings.chatLimit(),
        settings.limitExclusion(),
        settings.checkAvailability());
  }

  /** A change of the routing status, with the instant it changed (how long it has been waiting, say). */
  private static Update status(RoutingStatus status, Instant now) {
    return new Update().set("status", status).set("statusSince", now);
  }

  private static Query byId(String id) {
    return Query.query(Criteria.where("_id").is(id));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
