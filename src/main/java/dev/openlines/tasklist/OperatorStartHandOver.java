package dev.openlines.tasklist;

import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.inbound.OperatorStartedConversations;
import dev.openlines.conversation.ConversationEvent;
import dev.openlines.routing.RoutingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives a conversation an operator started to that operator: the model offers it to them only
 * (transferToOperatorId), and this takes the offer for them as their own "answer" would, then sends the
 * first text they wrote. Nobody else is offered it.
 */
@Component
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

  @EventListener
  void offerMade(ConversationEvent.OfferMade offer) {
    for (String operatorId : offer.operatorIds()) {
      starts.pendingFor(offer.conversationId(), operatorId).ifPresent(start -> handOver(start, operatorId));
    }
  }

  private void handOver(OperatorStartedConversations.PendingStart start, String operatorId) {
    try {
      routing.answer(start.conversationId(), operatorId);
      Conversation conversation = conversations.findById(start.conversationId()).orElseThrow();
      operatorMessages.sendFirstText(conversation, operatorId, start.messageId(), start.text());
      starts.markSent(start.conversationId());
    } catch (RuntimeException failed) {
      // The offer stays in the operator's inbox: they can still answer it and write themselves.
      log.warn("Could not hand conversation {} to the operator {} who started it", start.conversationId(), operatorId, failed);
    }
  }
}
