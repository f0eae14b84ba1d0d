package dev.openlines.connector.livechat;

import dev.openlines.connector.ConnectorTypes;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** What the visitor's widget hears of besides messages: the operator typing, and the close (rating form). */
@Component
class LiveChatPushes {

  private final ConversationRepository conversations;
  private final LiveChatStreams streams;

  LiveChatPushes(ConversationRepository conversations, LiveChatStreams streams) {
    this.conversations = conversations;
    this.streams = streams;
  }

  @EventListener
  void on(ConversationEvent event) {
    if (event instanceof ConversationEvent.OperatorTyping || event instanceof ConversationEvent.Closed) {
      conversations.findById(event.conversationId())
          .filter(conversation -> ConnectorTypes.LIVECHAT.equals(conversation.getConnectorType()))
          .map(Conversation::getClientId)
          .ifPresent(sessionId -> {
            if (event instanceof ConversationEvent.Closed) {
              streams.conversationClosed(sessionId, event.conversationId());
            } else {
              streams.operatorTyping(sessionId);
            }
          });
    }
  }
}
