package dev.openlines.tasklist;

import dev.openlines.api.ConflictException;
import dev.openlines.api.ForbiddenException;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.routing.RoutingService;
import dev.openlines.routing.RoutingStatus;
import org.springframework.stereotype.Service;

/**
 * Taking over a colleague's conversation. The one exception to "only what is offered to or held by me":
 * operators of the queue the conversation was routed through may intercept it.
 */
@Service
class InterceptService {

  private final ConversationAccess access;
  private final RoutingService routing;
  private final ConversationCommands commands;

  InterceptService(
      ConversationAccess access, RoutingService routing, ConversationCommands commands) {
    this.access = access;
    this.routing = routing;
    this.commands = commands;
  }

  void intercept(String conversationId, String operatorId, String requestId) {
    access.conversation(conversationId);
    ConversationRouting state = routing.state(conversationId).orElse(null);
    String queueChannelId = state == null ? null : state.getQueueChannelId();
    if (queueChannelId == null || !access.inQueue(operatorId, queueChannelId)) {
      throw new ForbiddenException("Only operators of the conversation's queue may take it over");
    }
    if (state.getStatus() == RoutingStatus.CLOSED) {
      throw new ConflictException("Conversation " + conversationId + " is already closed");
    }
    if (operatorId.equals(state.getAssignedOperatorId())) {
      throw new ConflictException("You already hold conversation " + conversationId);
    }
    if (state.getAssignedOperatorId() == null) {
      throw new ConflictException("Nobody holds conversation " + conversationId + " yet: answer its offer instead");
    }
    commands.intercept(conversationId, operatorId, requestId);
  }
}
