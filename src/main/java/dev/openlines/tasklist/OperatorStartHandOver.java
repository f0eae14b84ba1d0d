package dev.openlines.tasklist;

import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.inbound.OperatorStartedConversations;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.routing.OfferConflictException;
import dev.openlines.routing.OfferRequest;
import dev.openlines.routing.OfferResult;
import dev.openlines.routing.OpenOffer;
import dev.openlines.routing.RoutingService;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Gives a conversation an operator started to that operator, in the model's steps "Assign to the operator
 * who started it" and "Send the operator's first text". Both are safe to repeat: after a restart the
 * recreated process runs them again until the first text is sent.
 */
@Service
class OperatorStartHandOver {

  private static final Logger log = LoggerFactory.getLogger(OperatorStartHandOver.class);

  private final OperatorStartedConversations starts;
  private final RoutingService routing;
  private final OperatorMessageService operatorMessages;
  private final ConversationRepository conversations;

  OperatorStartHandOver(OperatorStartedConversations starts, RoutingService routing, OperatorMessageService operatorMessages,
      ConversationRepository conversations) {
    this.starts = starts;
    this.routing = routing;
    this.operatorMessages = operatorMessages;
    this.conversations = conversations;
  }

  /**
   * Offers the conversation to the operator only and takes the offer for them, as their answer would (their
   * slot counts it), without the "answered" message an answer sends: this step is the process's answer. An offer to them left open by a restart is taken as it is.
   *
   * @param attemptKey identifies this attempt: repeating it does not start a second offer round
   * @return false when they cannot take it now (offline, at their limit, or it is someone else's)
   */
  boolean assign(String attemptKey, String conversationId, String channelId, String operatorId) {
    Optional<String> holder = routing.state(conversationId).map(ConversationRouting::getAssignedOperatorId);
    if (holder.isPresent()) {
      return holder.get().equals(operatorId);
    }
    boolean offeredToThem = routing.openOffer(conversationId).map(OpenOffer::operatorIds).orElse(List.of())
        .contains(operatorId);
    if (!offeredToThem) {
      if (!routing.canTake(operatorId, channelId)) {
        return false;
      }
      OfferResult offer = routing.offer(attemptKey,
          new OfferRequest(conversationId, channelId, null, null, operatorId, null, null, null));
      if (!offer.operatorIds().contains(operatorId)) {
        return false;
      }
    }
    try {
      routing.takeForStarter(conversationId, operatorId);
      return true;
    } catch (OfferConflictException taken) {
      log.info("Conversation {} started by {} could not be taken for them now: {}", conversationId, operatorId,
          taken.getBody().getDetail());
      return false;
    }
  }

  /** Sends the operator's first text unless it was sent already; it counts as their reply. */
  void sendFirstText(String conversationId) {
    starts.pending(conversationId).ifPresent(start -> {
      Conversation conversation = conversations.findById(conversationId)
          .orElseThrow(() -> new IllegalStateException("No stored conversation " + conversationId));
      operatorMessages.sendFirstText(conversation, start.operatorId(), start.messageId(), start.text());
      starts.markSent(conversationId);
    });
  }
}
