package dev.openlines.routing;

import dev.openlines.channel.ChannelQueueChangedEvent;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.QueueEntry;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorDepartmentsChangedEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * An operator taken out of a channel's queue (their entry or their department's removed from it, or they
 * left the department it names) hands back what
 * the queue offered them, as a skip would: an offer to one operator goes to the next, an offer to everyone
 * stays with the others. Before, the client waited the channel's whole idle time (up to 12 hours) for
 * someone the admin had just taken off the line. Offers the queue did not make stay: a transfer to that
 * colleague by name, or a round the distribution decision sent to one department. An offer made first to
 * the client's CRM-responsible operator is handed back with the rest when that operator was in the queue
 * and is taken out: who is responsible for the client is not kept with the round.
 */
@Component
class RemovedQueueMemberOffers {

  private static final Logger log = LoggerFactory.getLogger(RemovedQueueMemberOffers.class);

  private final MongoTemplate mongo;
  private final OfferAnswers answers;
  private final ChannelService channels;

  RemovedQueueMemberOffers(MongoTemplate mongo, OfferAnswers answers, ChannelService channels) {
    this.mongo = mongo;
    this.answers = answers;
    this.channels = channels;
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
    Query open = Query.query(
        Criteria.where("operatorId").in(removed).and("status").is(OfferStatus.OFFERED).and("queueChannelId").is(event.channelId()));
    open.fields().include("conversationId", "queueChannelId", "operatorId");
    for (Offer offer : mongo.find(open, Offer.class)) {
      passOnIfTheQueueMadeIt(offer);
    }
  }

  @EventListener
  void onDepartmentsChanged(OperatorDepartmentsChangedEvent event) {
    Query operatorQuery = Query.query(Criteria.where("_id").is(event.operatorId()));
    operatorQuery.fields().include("departmentIds");
    Operator operator = mongo.findOne(operatorQuery, Operator.class);
    if (operator == null) {
      return;
    }
    Query open = Query.query(Criteria.where("operatorId").is(operator.getId()).and("status").is(OfferStatus.OFFERED));
    open.fields().include("conversationId", "queueChannelId", "operatorId");
    for (Offer offer : mongo.find(open, Offer.class)) {
      if (!queues(operator, channels.get(offer.queueChannelId()).getQueue().entries())) {
        passOnIfTheQueueMadeIt(offer);
      }
    }
  }

  private static boolean queues(Operator operator, List<QueueEntry> entries) {
    return entries.stream().anyMatch(entry -> switch (entry.kind()) {
      case OPERATOR -> entry.id().equals(operator.getId());
      case DEPARTMENT -> operator.getDepartmentIds().contains(entry.id());
    });
  }

  private void passOnIfTheQueueMadeIt(Offer offer) {
    Query routingQuery = Query.query(Criteria.where("_id").is(offer.conversationId()));
    routingQuery.fields().include("departmentId", "targetOperatorId");
    ConversationRouting routing = mongo.findOne(routingQuery, ConversationRouting.class);
    if (routing == null || routing.getDepartmentId() != null || routing.getTargetOperatorId() != null) {
      return;
    }
    try {
      answers.passOnFromAbsent(offer.conversationId(), offer.operatorId());
      log.info("Offer of conversation {} passed on: operator {} was taken out of channel {}'s queue",
          offer.conversationId(), offer.operatorId(), offer.queueChannelId());
    } catch (OfferConflictException answeredOrEndedMeanwhile) {
      // Nothing left to pass on.
    } catch (RuntimeException notPassedOn) {
      log.warn("Offer of conversation {} to operator {}, taken out of the queue, not passed on now; it moves on after the idle time",
          offer.conversationId(), offer.operatorId(), notPassedOn);
    }
  }

  private Set<String> membersOf(List<QueueEntry> entries) {
    List<String> operatorIds = idsOf(entries, QueueEntry.Kind.OPERATOR);
    List<String> departmentIds = idsOf(entries, QueueEntry.Kind.DEPARTMENT);
    Query members = Query.query(
        new Criteria().orOperator(Criteria.where("_id").in(operatorIds), Criteria.where("departmentIds").in(departmentIds)));
    members.fields().include("_id");
    return mongo.find(members, Operator.class).stream().map(Operator::getId).collect(Collectors.toCollection(HashSet::new));
  }

  private static List<String> idsOf(List<QueueEntry> entries, QueueEntry.Kind kind) {
    return entries.stream().filter(entry -> entry.kind() == kind).map(QueueEntry::id).toList();
  }
}
