package dev.openlines.routing;

import dev.openlines.channel.ChannelQueueChangedEvent;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorSettingsChangedEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * An operator the admin takes off the line hands back what is offered to them, as a skip would: an offer
 * to one operator goes to the next, an offer to everyone stays with the others. Before, the client waited
 * the channel's whole idle time (up to 12 hours) for someone who was no longer there.
 * <ul>
 *   <li>Taken out of a channel's queue (their entry or their department's removed from it, or they left the
 *       department it names): the offers that queue made them. Offers the queue did not make stay: a
 *       transfer to them by name, a round the distribution decision sent to one department, and an offer
 *       to the client's CRM-responsible operator, which is made ahead of the queue whether they are in it
 *       or not.
 *   <li>A vacation that covers today (in the channel's time zone): every offer, as routing offers nobody
 *       on vacation anything.
 * </ul>
 * What the moment of the save misses, the routing reconciler's pass finds a few seconds later
 * ({@link #passOnStranded}): the service stopped between the stored save and the passing on, an offer round
 * read the queue just before the save and recorded its offer just after it, or a vacation began at midnight.
 */
@Component
class IneligibleOperatorOffers {

  private final MongoTemplate mongo;
  private final OfferAnswers answers;
  private final ChannelService channels;
  private final OpenOffers offers;
  private final Clock clock;

  IneligibleOperatorOffers(
      MongoTemplate mongo, OfferAnswers answers, ChannelService channels, OpenOffers offers, Clock clock) {
    this.mongo = mongo;
    this.answers = answers;
    this.channels = channels;
    this.offers = offers;
    this.clock = clock;
  }

  @EventListener
  void onQueueChanged(ChannelQueueChangedEvent event) {
    if (event.entriesBefore().isEmpty()) {
      return;
    }
    Set<String> removed = membersOf(event.entriesBefore());
    removed.removeAll(membersOf(channels.get(event.channelId()).getQueue().entries()));
    if (removed.isEmpty()) {
      return;
    }
    for (Offer offer : offers.openToOperators(removed, open -> open.and("queueChannelId").is(event.channelId()))) {
      answers.passOnFromAbsentWhere(offer, this::madeByTheQueue, takenOutOf(offer));
    }
  }

  @EventListener
  void onOperatorSaved(OperatorSettingsChangedEvent event) {
    Query operatorQuery = Query.query(Criteria.where("_id").is(event.operatorId()));
    operatorQuery.fields().include("departmentIds", "vacations");
    Operator operator = mongo.findOne(operatorQuery, Operator.class);
    if (operator == null) {
      return;
    }
    for (Offer offer : offers.openToOperators(List.of(operator.getId()), UnaryOperator.identity())) {
      answers.passOnFromAbsentWhere(offer, left -> {
        OpenChannel channel = channels.get(left.queueChannelId());
        List<QueueEntry> queue = channel.getQueue().entries();
        return operator.isOnVacation(LocalDate.ofInstant(clock.instant(), channel.getTimeZone()))
            || (queued(operator.getId(), event.departmentsBefore(), queue)
                && !queued(operator.getId(), operator.getDepartmentIds(), queue)
                && madeByTheQueue(left));
      }, "is on vacation or no longer in channel " + offer.queueChannelId() + "'s queue");
    }
  }

  /**
   * The reconciler's pass: offers older than {@code offeredBefore} still open to an operator who is on
   * vacation today or not in the queue of the channel that made them. Reads the open offers that old (by
   * the status index: a desk whose operators answer within seconds has few) and the operators holding them.
   */
  void passOnStranded(Instant offeredBefore) {
    Query stranded = Query.query(Criteria.where("status").is(OfferStatus.OFFERED).and("offeredAt").lt(offeredBefore));
    stranded.fields().include("conversationId", "queueChannelId", "operatorId", "toResponsible");
    List<Offer> open = mongo.find(stranded, Offer.class);
    if (open.isEmpty()) {
      return;
    }
    Query holdersQuery = Query.query(Criteria.where("_id").in(open.stream().map(Offer::operatorId).distinct().toList()));
    holdersQuery.fields().include("departmentIds", "vacations", "dismissed");
    Map<String, Operator> holders =
        mongo.find(holdersQuery, Operator.class).stream().collect(Collectors.toMap(Operator::getId, operator -> operator));
    for (Offer offer : open) {
      Operator holder = holders.get(offer.operatorId());
      if (holder != null && !holder.isDismissed()) {
        answers.passOnFromAbsentWhere(offer, left -> {
          OpenChannel channel = channels.get(left.queueChannelId());
          return holder.isOnVacation(LocalDate.ofInstant(clock.instant(), channel.getTimeZone()))
              || (!queued(holder.getId(), holder.getDepartmentIds(), channel.getQueue().entries()) && madeByTheQueue(left));
        }, "is on vacation or not in channel " + offer.queueChannelId() + "'s queue");
      }
    }
  }

  /** Whether an operator of these departments is in the queue; one never in it (e.g. offered as the client's responsible) is not taken out. */
  private static boolean queued(String operatorId, Set<String> departmentIds, List<QueueEntry> entries) {
    return entries.stream().anyMatch(entry -> switch (entry.kind()) {
      case OPERATOR -> entry.id().equals(operatorId);
      case DEPARTMENT -> departmentIds.contains(entry.id());
    });
  }

  /**
   * Not an offer to the client's responsible operator ahead of the queue, nor a transfer to the operator by
   * name, nor a round the distribution decision sent to one department.
   */
  private boolean madeByTheQueue(Offer offer) {
    if (Boolean.TRUE.equals(offer.toResponsible())) {
      return false;
    }
    Query routingQuery = Query.query(Criteria.where("_id").is(offer.conversationId()));
    routingQuery.fields().include("departmentId", "targetOperatorId");
    ConversationRouting routing = mongo.findOne(routingQuery, ConversationRouting.class);
    return routing != null && routing.getDepartmentId() == null && routing.getTargetOperatorId() == null;
  }

  private static String takenOutOf(Offer offer) {
    return "was taken out of channel " + offer.queueChannelId() + "'s queue";
  }

  private Set<String> membersOf(List<QueueEntry> entries) {
    Query members = Query.query(OperatorAvailability.inQueue(entries));
    members.fields().include("_id");
    return mongo.find(members, Operator.class).stream().map(Operator::getId).collect(Collectors.toCollection(HashSet::new));
  }
}
