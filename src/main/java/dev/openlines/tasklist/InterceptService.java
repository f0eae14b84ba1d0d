package dev.openlines.tasklist;

import dev.openlines.api.ConflictException;
import dev.openlines.api.ForbiddenException;
import dev.openlines.channel.ChannelRepository;
import dev.openlines.channel.QueueEntry;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.operator.Operator;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.routing.RoutingService;
import dev.openlines.routing.RoutingStatus;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Taking over a colleague's conversation. The one exception to "only what is offered to or held by me":
 * operators of the queue the conversation was routed through may intercept it.
 */
@Service
class InterceptService {

  private final MongoTemplate mongo;
  private final ConversationAccess access;
  private final RoutingService routing;
  private final ChannelRepository channels;
  private final ConversationCommands commands;

  InterceptService(
      MongoTemplate mongo, ConversationAccess access, RoutingService routing, ChannelRepository channels, ConversationCommands commands) {
    this.mongo = mongo;
    this.access = access;
    this.routing = routing;
    this.channels = channels;
    this.commands = commands;
  }

  void intercept(String conversationId, String operatorId, String requestId) {
    access.conversation(conversationId);
    ConversationRouting state = routing.state(conversationId).orElse(null);
    String queueChannelId = state == null ? null : state.getQueueChannelId();
    if (queueChannelId == null || !inQueue(operatorId, queueChannelId)) {
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

  private boolean inQueue(String operatorId, String channelId) {
    Operator operator = mongo.findById(operatorId, Operator.class);
    if (operator == null || operator.isDismissed()) {
      return false;
    }
    return channels.findById(channelId).stream()
        .flatMap(channel -> channel.getQueue().entries().stream())
        .anyMatch(entry -> entry.kind() == QueueEntry.Kind.OPERATOR
            ? entry.id().equals(operatorId)
            : operator.getDepartmentIds().contains(entry.id()));
  }
}
