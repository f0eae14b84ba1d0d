package dev.openlines.routing;

import dev.openlines.conversation.ConversationFacts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Routing's business meters, recorded by {@link RoutingService} as offers are made and decided. Tagged
 * with the queue's channel id (an installation has a handful of open channels, so the tag stays small).
 *
 * <ul>
 *   <li>{@value #OFFERS}: offers shown to operators; {@code round=first} for a conversation's first
 *       offer round, {@code forward} for every later one (idle time over, skipped, transferred, woken).
 *       A channel's offer and outcome counters all start at 0 with its first offer, so {@code increase()}
 *       sees the first skip or expiry.
 *   <li>{@value #OFFER_OUTCOMES}: how offers ended: {@code answered}, {@code skipped}, {@code expired}
 *       (idle time over, forwarded to the next operator), {@code withdrawn} (someone else answered, the
 *       conversation was re-routed or closed).
 *   <li>{@value #TIME_TO_ANSWER}: from the client's first message to an operator answering, once per
 *       conversation, with a histogram.
 * </ul>
 */
@Component
class RoutingMeters {

  static final String OFFERS = "openlines.routing.offers";
  static final String OFFER_OUTCOMES = "openlines.routing.offer.outcomes";
  static final String TIME_TO_ANSWER = "openlines.conversation.time.to.answer";

  private final MeterRegistry registry;
  private final MongoTemplate mongo;
  private final ConversationFacts conversations;

  RoutingMeters(MeterRegistry registry, MongoTemplate mongo, ConversationFacts conversations) {
    this.registry = registry;
    this.mongo = mongo;
    this.conversations = conversations;
  }

  void offered(String channelId, int operators, boolean firstRound) {
    Counter first = offers(channelId, "first");
    Counter forward = offers(channelId, "forward");
    (firstRound ? first : forward).increment(operators);
    for (OfferStatus outcome : OfferStatus.values()) {
      if (outcome != OfferStatus.OFFERED) {
        outcomes(channelId, outcome);
      }
    }
  }

  void offerEnded(String channelId, OfferStatus outcome) {
    outcomes(channelId, outcome).increment();
  }

  private Counter offers(String channelId, String round) {
    return Counter.builder(OFFERS)
        .description("Offers of conversations to operators (one per operator offered)")
        .tag("channel", channelId)
        .tag("round", round)
        .register(registry);
  }

  private Counter outcomes(String channelId, OfferStatus outcome) {
    return Counter.builder(OFFER_OUTCOMES)
        .description("Offers decided: answered, skipped, expired (forwarded at idle time) or withdrawn")
        .tag("channel", channelId)
        .tag("outcome", outcome.name().toLowerCase())
        .register(registry);
  }

  /**
   * An operator answered: counted, and timed when it is the conversation's first answer. The first
   * answer is claimed with one conditional update, so a transfer's second answer or a repeated call
   * is not timed again.
   */
  void answered(String channelId, String conversationId, Instant at) {
    offerEnded(channelId, OfferStatus.ANSWERED);
    boolean first =
        mongo.updateFirst(
                    Query.query(Criteria.where("_id").is(conversationId).and("firstAnsweredAt").exists(false)),
                    Update.update("firstAnsweredAt", at),
                    ConversationRouting.class)
                .getModifiedCount()
            == 1;
    if (!first) {
      return;
    }
    conversations.openedAt(conversationId).ifPresent(openedAt -> {
      Duration waited = Duration.between(openedAt, at);
      timeToAnswer(channelId).record(waited.isNegative() ? Duration.ZERO : waited);
    });
  }

  private Timer timeToAnswer(String channelId) {
    return Timer.builder(TIME_TO_ANSWER)
        .description("Time from a conversation's first client message to an operator answering it")
        .tag("channel", channelId)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(50))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(registry);
  }
}
