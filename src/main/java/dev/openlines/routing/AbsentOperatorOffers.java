package dev.openlines.routing;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.QueueSettings;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorLeftEvent;
import dev.openlines.operator.Presence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Offers do not wait for an operator who left. When an operator goes away or offline or clocks out, each
 * offer still open to them in a channel that offers only to operators present is passed on at once, as
 * their skip would: an offer to one operator goes to the next, an offer to everyone stays with the others.
 * A dismissed operator's offers are passed on in every channel. Without this the client waited the whole
 * idle time (up to 12 hours) while a colleague was free. What the moment of leaving misses, the routing
 * reconciler's pass finds a few seconds later ({@link #passOnStranded}); the idle time stays the last
 * fallback, e.g. while the engine is away.
 */
@Component
class AbsentOperatorOffers {

  private final MongoTemplate mongo;
  private final OfferAnswers answers;
  private final ChannelService channels;
  private final OpenOffers offers;

  AbsentOperatorOffers(MongoTemplate mongo, OfferAnswers answers, ChannelService channels, OpenOffers offers) {
    this.mongo = mongo;
    this.answers = answers;
    this.channels = channels;
    this.offers = offers;
  }

  @EventListener
  void onOperatorLeft(OperatorLeftEvent event) {
    Query operatorQuery = Query.query(Criteria.where("_id").is(event.operatorId()));
    operatorQuery.fields().include("presence", "clockedIn", "dismissed");
    Operator operator = mongo.findOne(operatorQuery, Operator.class);
    if (operator != null) {
      passOnOpenOffers(List.of(operator), null);
    }
  }

  /**
   * The reconciler's pass: offers older than {@code offeredBefore} still open to an operator who is away
   * or offline. They are what the moment of leaving missed: the service stopped between the presence
   * change and its offers moving on, or an offer round read the operator as present just before they left.
   * Two indexed reads per pass (the operators by presence, then their open offers), bounded by the
   * workforce: dismissed operators, who only grow in number, are left out (their offers moved on at
   * dismissal; one a crash cut off waits for its idle time).
   */
  void passOnStranded(Instant offeredBefore) {
    Query absent = Query.query(
        Criteria.where("presence").in(Presence.AWAY, Presence.OFFLINE).and("dismissed").ne(true));
    absent.fields().include("presence", "clockedIn", "dismissed");
    List<Operator> operators = mongo.find(absent, Operator.class).stream().filter(operator -> !operator.isPresent()).toList();
    if (!operators.isEmpty()) {
      passOnOpenOffers(operators, offeredBefore);
    }
  }

  private void passOnOpenOffers(List<Operator> operators, Instant offeredBefore) {
    Map<String, Operator> byId = operators.stream().collect(Collectors.toMap(Operator::getId, operator -> operator));
    UnaryOperator<Criteria> olderOnly = open -> offeredBefore == null ? open : open.and("offeredAt").lt(offeredBefore);
    for (Offer offer : offers.openToOperators(byId.keySet(), olderOnly)) {
      passOn(offer, byId.get(offer.operatorId()));
    }
  }

  private boolean offersOnlyToPresentOperators(String channelId) {
    QueueSettings queue = channels.get(channelId).getQueue();
    return queue != null && queue.checkAvailability();
  }

  private void passOn(Offer offer, Operator operator) {
    answers.passOnFromAbsentWhere(
        offer,
        open -> operator.isDismissed() || (!operator.isPresent() && offersOnlyToPresentOperators(open.queueChannelId())),
        "left");
  }
}
