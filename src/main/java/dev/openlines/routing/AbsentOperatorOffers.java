package dev.openlines.routing;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.QueueSettings;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorLeftEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * idle time (up to 12 hours) while a colleague was free. The idle time stays the fallback for an offer
 * this misses, e.g. one made at the very moment the operator left, or while the engine was away.
 */
@Component
class AbsentOperatorOffers {

  private static final Logger log = LoggerFactory.getLogger(AbsentOperatorOffers.class);

  private final MongoTemplate mongo;
  private final OfferAnswers answers;
  private final ChannelService channels;

  AbsentOperatorOffers(MongoTemplate mongo, OfferAnswers answers, ChannelService channels) {
    this.mongo = mongo;
    this.answers = answers;
    this.channels = channels;
  }

  @EventListener
  void onOperatorLeft(OperatorLeftEvent event) {
    Query operatorQuery = Query.query(Criteria.where("_id").is(event.operatorId()));
    operatorQuery.fields().include("presence", "clockedIn", "dismissed");
    Operator operator = mongo.findOne(operatorQuery, Operator.class);
    if (operator == null) {
      return;
    }
    Query openOffers = Query.query(Criteria.where("operatorId").is(operator.getId()).and("status").is(OfferStatus.OFFERED));
    openOffers.fields().include("conversationId", "queueChannelId");
    List<Offer> offers = mongo.find(openOffers, Offer.class);
    for (Offer offer : offers) {
      passOn(offer, operator);
    }
  }

  private boolean offersOnlyToPresentOperators(String channelId) {
    QueueSettings queue = channels.get(channelId).getQueue();
    return queue != null && queue.checkAvailability();
  }

  private void passOn(Offer offer, Operator operator) {
    String operatorId = operator.getId();
    try {
      if (operator.isDismissed() || (!operator.isPresent() && offersOnlyToPresentOperators(offer.queueChannelId()))) {
        answers.passOnFromAbsent(offer.conversationId(), operatorId);
        log.info("Offer of conversation {} passed on: operator {} left", offer.conversationId(), operatorId);
      }
    } catch (OfferConflictException answeredOrEndedMeanwhile) {
      // Nothing left to pass on.
    } catch (RuntimeException notPassedOn) {
      log.warn("Offer of conversation {} to operator {}, who left, not passed on now; it moves on after the idle time",
          offer.conversationId(), operatorId, notPassedOn);
    }
  }
}
