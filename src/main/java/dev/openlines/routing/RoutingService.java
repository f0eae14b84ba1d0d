package dev.openlines.routing;

import dev.openlines.conversation.OperatorReturn;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The routing package's entry for the rest of the application (operator API, recovery, KPIs): each
 * method hands over to the class that does it. Where what happens is:
 *
 * <ul>
 *   <li>{@link OfferRound}: one offer round, with the {@link OperatorPicker} of the distribution mode;
 *   <li>{@link OfferAnswers}: an operator answers or skips an offer;
 *   <li>{@link OfferWithdrawal}: an offer is taken back (idle time over, engine restarted);
 *   <li>{@link ConversationHandOver}: take-over, transfer, reopening;
 *   <li>{@link ConversationRelease}: close, and the channel's limit exclusion;
 *   <li>{@link OperatorCapacity}: the operators' slots; {@link WaitingConversations}: freed slots to waiting conversations.
 * </ul>
 */
@Service
public class RoutingService implements OperatorReturn {

  private final OfferRound offerRound;
  private final OfferAnswers answers;
  private final OfferWithdrawal withdrawal;
  private final OpenOffers offers;
  private final ConversationHandOver handOver;
  private final ConversationRelease release;
  private final RoutingQueues queues;
  private final RoutingStates states;
  private final WaitingConversations waiting;

  RoutingService(
      OfferRound offerRound,
      OfferAnswers answers,
      OfferWithdrawal withdrawal,
      OpenOffers offers,
      ConversationHandOver handOver,
      ConversationRelease release,
      RoutingQueues queues,
      RoutingStates states,
      WaitingConversations waiting) {
    this.offerRound = offerRound;
    this.answers = answers;
    this.withdrawal = withdrawal;
    this.offers = offers;
    this.handOver = handOver;
    this.release = release;
    this.queues = queues;
    this.states = states;
    this.waiting = waiting;
  }

  /** @see OfferRound#offer */
  public OfferResult offer(String attemptKey, OfferRequest request) {
    return offerRound.offer(attemptKey, request);
  }

  /** @see OfferWithdrawal#withdraw */
  public Optional<String> withdraw(String conversationId) {
    return withdrawal.withdraw(conversationId);
  }

  /** @see OfferWithdrawal#resumeAfterEngineRestart */
  public Optional<String> resumeAfterEngineRestart(String conversationId) {
    return withdrawal.resumeAfterEngineRestart(conversationId);
  }

  /** When "Nobody answered in time" fires for the conversation's current wait for an operator, as its offers stored it. */
  public Optional<Instant> noAnswerAt(String conversationId) {
    return state(conversationId).map(ConversationRouting::getNoAnswerAt);
  }

  /** @see OpenOffers#current */
  public Optional<OpenOffer> openOffer(String conversationId) {
    return offers.current(conversationId);
  }

  /** @see RoutingStates#heldSince */
  public Optional<Instant> heldSince(String conversationId) {
    return states.heldSince(conversationId);
  }

  /** Whether routing has closed the conversation (its slots and offers were given back). */
  public boolean isClosed(String conversationId) {
    return state(conversationId).map(s -> s.getStatus() == RoutingStatus.CLOSED).orElse(false);
  }

  /**
   * The channel whose queue the conversation waits in for a freed slot; empty unless routing found nobody
   * for it and it waits.
   */
  public Optional<String> waitingIn(String conversationId) {
    return state(conversationId)
        .filter(s -> s.getStatus() == RoutingStatus.WAITING)
        .map(ConversationRouting::getQueueChannelId);
  }

  /** Wakes as many of the channel's waiting conversations as its operators have free slots, the longest-waiting first. */
  public void offerFreeSlots(String channelId) {
    waiting.drainSafely(channelId);
  }

  /** @see ConversationRelease#close */
  public void close(String conversationId) {
    release.close(conversationId);
  }

  /** @see ConversationHandOver#reopen */
  @Override
  public Optional<String> reopen(String conversationId) {
    return handOver.reopen(conversationId);
  }

  /** @see ConversationHandOver#handOver */
  public Optional<String> handOver(String conversationId, String toOperatorId) {
    return handOver.handOver(conversationId, toOperatorId);
  }

  /** @see ConversationHandOver#transferOut */
  public Optional<String> transferOut(String conversationId) {
    return handOver.transferOut(conversationId);
  }

  /** @see OfferAnswers#answer */
  public void answer(String conversationId, String operatorId) {
    answers.answer(conversationId, operatorId);
  }

  /** @see OfferAnswers#takeForStarter */
  public void takeForStarter(String conversationId, String operatorId) {
    answers.takeForStarter(conversationId, operatorId);
  }

  /** @see OfferAnswers#skip */
  public void skip(String conversationId, String operatorId) {
    answers.skip(conversationId, operatorId);
  }

  /** @see ConversationRelease#holderClosed */
  public void holderClosed(String conversationId, String operatorId) {
    release.holderClosed(conversationId, operatorId);
  }

  /** @see ConversationRelease#operatorReplied */
  public void operatorReplied(String conversationId) {
    release.operatorReplied(conversationId);
  }

  /** @see ConversationRelease#clientWrote */
  public void clientWrote(String conversationId) {
    release.clientWrote(conversationId);
  }

  /** @see RoutingQueues#canTake */
  public boolean canTake(String operatorId, String channelId) {
    return queues.canTake(operatorId, channelId);
  }

  public Optional<ConversationRouting> state(String conversationId) {
    return Optional.ofNullable(states.read(conversationId));
  }

  /** Every offer of the conversation, by round. */
  public List<Offer> offers(String conversationId) {
    return offers.all(conversationId);
  }
}
