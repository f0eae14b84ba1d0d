package dev.openlines.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The safety net under the event-driven wake-ups: now and then it looks for conversations that have
 * been waiting (or woken without effect) for more than a few seconds while an operator who could take
 * them has a free slot, and wakes them when the next pass finds them so again: a slot freed a moment ago
 * is its releasing event's to offer, and waking for it would race that event. Each such wake counts in
 * {@value WaitingConversations#REPAIRS_METER}: a value above 0 means an event that frees capacity did not
 * offer it, a bug to fix, not a normal path. The same pass moves on offers still open to an operator who
 * left ({@link AbsentOperatorOffers#passOnStranded}) or is off the line
 * ({@link IneligibleOperatorOffers#passOnStranded}).
 */
@Component
class RoutingReconciler {

  private final MongoTemplate mongo;
  private final WaitingConversations waiting;
  private final Clock clock;
  private final Duration grace;
  private final Duration offTheLineInterval;
  private final RestartRecovery recovery;
  private final AbsentOperatorOffers absentOperators;
  private final IneligibleOperatorOffers ineligibleOperators;

  RoutingReconciler(
      MongoTemplate mongo,
      WaitingConversations waiting,
      RestartRecovery recovery,
      AbsentOperatorOffers absentOperators,
      IneligibleOperatorOffers ineligibleOperators,
      Clock clock,
      @Value("${openlines.routing.reconciler.grace:PT5S}") Duration grace,
      @Value("${openlines.routing.reconciler.off-the-line-interval:PT1M}") Duration offTheLineInterval) {
    this.mongo = mongo;
    this.waiting = waiting;
    this.recovery = recovery;
    this.absentOperators = absentOperators;
    this.ineligibleOperators = ineligibleOperators;
    this.clock = clock;
    this.grace = grace;
    this.offTheLineInterval = offTheLineInterval;
  }

  @Scheduled(
      fixedDelayString = "${openlines.routing.reconciler.interval:PT5S}",
      initialDelayString = "${openlines.routing.reconciler.interval:PT5S}")
  void scheduled() {
    reconcile();
  }

  private Map<String, Instant> suspects = Map.of();
  private Instant nextOffTheLineSweep = Instant.MIN;

  /** @return how many conversations were repaired */
  synchronized int reconcile() {
    if (!recovery.finished()) {
      // Conversations waiting for their process after a restart are recovery's, not missed wake-ups.
      return 0;
    }
    Instant stalledBefore = clock.instant().minus(grace);
    Query stalled =
        Query.query(
            Criteria.where("status")
                .in(RoutingStatus.WAITING, RoutingStatus.WOKEN)
                .orOperator(Criteria.where("statusSince").lt(stalledBefore), Criteria.where("statusSince").exists(false)));
    int repaired = 0;
    WaitingConversations.Suspects pass = new WaitingConversations.Suspects(suspects);
    for (String channelId : mongo.findDistinct(stalled, "queueChannelId", ConversationRouting.class, String.class)) {
      repaired += waiting.repairStalled(channelId, stalledBefore, pass);
    }
    suspects = pass.seen();
    absentOperators.passOnStranded(stalledBefore);
    // It reads every open offer a few seconds old, so it runs less often than the pass; the first pass after a
    // start runs it (a crash right after an admin's save), and the moment of the save covers the usual case.
    Instant now = clock.instant();
    if (!now.isBefore(nextOffTheLineSweep)) {
      ineligibleOperators.passOnStranded(stalledBefore);
      nextOffTheLineSweep = now.plus(offTheLineInterval);
    }
    return repaired;
  }
}
