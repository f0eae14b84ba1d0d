package dev.openlines.tasklist;

import dev.openlines.api.ConflictException;
import dev.openlines.api.ForbiddenException;
import dev.openlines.api.NotFoundException;
import dev.openlines.channel.ChannelRepository;
import dev.openlines.channel.QueueEntry;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationReads;
import dev.openlines.operator.Operator;
import dev.openlines.security.ApiKeyPrincipal;
import dev.openlines.security.Role;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.routing.RoutingStatus;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Decides whether a caller may see or act on a conversation: {@link #requireReach} is the rule every
 * conversation operation passes ({@link ConversationAccessGate}); the other checks are the finer states
 * single operations need (offered now, held and open).
 */
@Component
class ConversationAccess {

  private final MongoTemplate mongo;
  private final ConversationReads conversations;
  private final RoutingService routing;
  private final ConversationParticipants participants;
  private final ChannelRepository channels;

  ConversationAccess(
      MongoTemplate mongo,
      ConversationReads conversations,
      RoutingService routing,
      ConversationParticipants participants,
      ChannelRepository channels) {
    this.mongo = mongo;
    this.conversations = conversations;
    this.routing = routing;
    this.participants = participants;
    this.channels = channels;
  }

  /** The conversation, when the operator holds it or was invited into it, and it is not closed: they may write in it. */
  Conversation working(String conversationId, String operatorId) {
    if (!participants.contains(conversationId, operatorId)) {
      return held(conversationId, operatorId);
    }
    Conversation conversation = conversation(conversationId);
    ConversationRouting state = routing.state(conversationId).orElse(null);
    if (state != null && state.getStatus() == RoutingStatus.CLOSED) {
      throw new ConflictException("Conversation " + conversationId + " is already closed");
    }
    return conversation;
  }

  Conversation conversation(String conversationId) {
    return conversations.find(conversationId).orElseThrow(() -> NotFoundException.of("Conversation", conversationId));
  }

  /** The conversation, when the operator holds it and it is not closed. */
  Conversation held(String conversationId, String operatorId) {
    Conversation conversation = conversation(conversationId);
    ConversationRouting state = routing.state(conversationId).orElse(null);
    if (state == null || !operatorId.equals(state.getAssignedOperatorId())) {
      if (isOffered(conversationId, operatorId)) {
        throw new ConflictException("Answer the offer of conversation " + conversationId + " first: you do not hold it yet");
      }
      throw notYours(conversationId);
    }
    if (state.getStatus() == RoutingStatus.CLOSED) {
      throw new ConflictException("Conversation " + conversationId + " is already closed");
    }
    return conversation;
  }

  /** The conversation when it is or was ever offered to the operator (answering a lost offer is a 409, not a 403). */
  /**
   * The conversation, when the operator holds it or it is offered to them right now (a new chat they may
   * mark as spam, transfer or rename without answering it first); not when it is closed.
   */
  Conversation heldOrOffered(String conversationId, String operatorId) {
    if (!isOffered(conversationId, operatorId)) {
      return held(conversationId, operatorId);
    }
    Conversation conversation = conversation(conversationId);
    ConversationRouting state = routing.state(conversationId).orElse(null);
    if (state != null && state.getStatus() == RoutingStatus.CLOSED) {
      throw new ConflictException("Conversation " + conversationId + " is already closed");
    }
    return conversation;
  }

  Conversation everOffered(String conversationId, String operatorId) {
    Conversation conversation = conversation(conversationId);
    if (!wasEverOffered(conversationId, operatorId)) {
      throw notYours(conversationId);
    }
    return conversation;
  }

  boolean isOffered(String conversationId, String operatorId) {
    return mongo.exists(
        Query.query(
            Criteria.where("conversationId").is(conversationId).and("operatorId").is(operatorId).and("status").is(OfferStatus.OFFERED)),
        Offer.class);
  }

  /** Offered to, held by or shared with the operator (closed ones included, for reading). */
  Conversation visible(String conversationId, String operatorId) {
    Conversation conversation = conversation(conversationId);
    ConversationRouting state = routing.state(conversationId).orElse(null);
    boolean holds = state != null && operatorId.equals(state.getAssignedOperatorId());
    if (!holds && !isOffered(conversationId, operatorId) && !participants.contains(conversationId, operatorId)) {
      throw notYours(conversationId);
    }
    return conversation;
  }

  /**
   * The access rule of {@link ConversationAccessGate}: a supervisor or admin; or an operator who holds or
   * held the conversation, was ever offered it, or was invited into it; with {@code queueColleagues}, also an
   * operator of the queue it was routed through.
   *
   * @throws NotFoundException when there is no such conversation
   * @throws ForbiddenException for everyone else
   */
  void requireReach(String conversationId, ApiKeyPrincipal caller, boolean queueColleagues) {
    if (caller != null && ConversationAccessGate.seesEveryConversation(caller)) {
      return;
    }
    String operatorId = caller == null || !caller.hasRole(Role.OPERATOR) ? null : caller.operatorId();
    if (operatorId == null) {
      throw new ForbiddenException("Only operators, supervisors and admins work on conversations");
    }
    conversation(conversationId);
    ConversationRouting state = routing.state(conversationId).orElse(null);
    boolean reaches = (state != null && operatorId.equals(state.getAssignedOperatorId()))
        || wasEverOffered(conversationId, operatorId)
        || participants.contains(conversationId, operatorId)
        || (queueColleagues && state != null && state.getQueueChannelId() != null && inQueue(operatorId, state.getQueueChannelId()));
    if (!reaches) {
      throw notYours(conversationId);
    }
  }

  /** Whether the operator works the queue of the open channel (named directly or through a department). */
  boolean inQueue(String operatorId, String channelId) {
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

  private boolean wasEverOffered(String conversationId, String operatorId) {
    return mongo.exists(
        Query.query(Criteria.where("conversationId").is(conversationId).and("operatorId").is(operatorId)), Offer.class);
  }

  private static ForbiddenException notYours(String conversationId) {
    return new ForbiddenException("Conversation " + conversationId + " is neither offered to you nor held by you");
  }
}
