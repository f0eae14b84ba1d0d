package dev.openlines.tasklist;

import dev.openlines.api.ConflictException;
import dev.openlines.api.ForbiddenException;
import dev.openlines.api.NotFoundException;
import dev.openlines.conversation.Conversation;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.routing.RoutingStatus;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Decides whether an operator may see or act on a conversation: only when it is offered to or held by them. */
@Component
class ConversationAccess {

  private final MongoTemplate mongo;
  private final RoutingService routing;
  private final ConversationParticipants participants;

  ConversationAccess(MongoTemplate mongo, RoutingService routing, ConversationParticipants participants) {
    this.mongo = mongo;
    this.routing = routing;
    this.participants = participants;
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
    Conversation conversation = mongo.findById(conversationId, Conversation.class);
    if (conversation == null) {
      throw NotFoundException.of("Conversation", conversationId);
    }
    return conversation;
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
  Conversation everOffered(String conversationId, String operatorId) {
    Conversation conversation = conversation(conversationId);
    boolean offered =
        mongo.exists(
            Query.query(Criteria.where("conversationId").is(conversationId).and("operatorId").is(operatorId)), Offer.class);
    if (!offered) {
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

  private static ForbiddenException notYours(String conversationId) {
    return new ForbiddenException("Conversation " + conversationId + " is neither offered to you nor held by you");
  }
}
