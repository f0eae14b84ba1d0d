package dev.openlines.routing;

import static dev.openlines.routing.RoutingStates.byId;
import static dev.openlines.routing.RoutingStates.status;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.LimitExclusion;
import java.time.Clock;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * When a conversation stops (or starts again) counting against its operator's limit: it is closed (job
 * {@code routing.free-slot}), its holder closed it, or the channel's limit exclusion applies to a reply.
 */
@Service
class ConversationRelease {

  private final MongoTemplate mongo;
  private final RoutingStates states;
  private final OpenOffers offers;
  private final OperatorCapacity capacity;
  private final ChannelService channels;
  private final Clock clock;

  ConversationRelease(
      MongoTemplate mongo,
      RoutingStates states,
      OpenOffers offers,
      OperatorCapacity capacity,
      ChannelService channels,
      Clock clock) {
    this.mongo = mongo;
    this.states = states;
    this.offers = offers;
    this.capacity = capacity;
    this.channels = channels;
    this.clock = clock;
  }

  /** The conversation is closed: its operator's slot and any open offer are given back. Idempotent. */
  void close(String conversationId) {
    Query query = byId(conversationId);
    query.fields().include("round", "assignedOperatorId", "queueChannelId");
    ConversationRouting before =
        mongo.findAndModify(
            query,
            status(RoutingStatus.CLOSED, clock.instant()),
            FindAndModifyOptions.options().returnNew(false),
            ConversationRouting.class);
    if (before == null) {
      return;
    }
    offers.closeUpTo(conversationId, before.getRound(), OfferStatus.WITHDRAWN);
    if (before.getAssignedOperatorId() != null) {
      capacity.giveBack(before.getAssignedOperatorId(), conversationId, before.getQueueChannelId());
    }
  }

  /**
   * The holder closed the conversation (the close is queued for its process): the slot is given back now,
   * so the next waiting conversation is offered without waiting for the process to reach its own release
   * (which then finds nothing left to free).
   */
  void holderClosed(String conversationId, String operatorId) {
    ConversationRouting state = states.read(conversationId);
    if (state != null && operatorId.equals(state.getAssignedOperatorId()) && state.getStatus() != RoutingStatus.CLOSED) {
      capacity.giveBack(operatorId, conversationId, state.getQueueChannelId());
    }
  }

  /**
   * The assigned operator sent a message: with the exclusion "answered" or "waiting for the client" the
   * conversation stops counting against their limit.
   */
  void operatorReplied(String conversationId) {
    ConversationRouting state = states.read(conversationId);
    if (state == null || state.getAssignedOperatorId() == null) {
      return;
    }
    LimitExclusion exclusion = channels.get(state.getQueueChannelId()).getQueue().limitExclusion();
    if (exclusion != LimitExclusion.CLOSED) {
      capacity.giveBack(state.getAssignedOperatorId(), conversationId, state.getQueueChannelId());
    }
  }

  /** The client wrote in an assigned conversation: with "waiting for the client" it counts again. */
  void clientWrote(String conversationId) {
    ConversationRouting state = states.read(conversationId);
    if (state == null || state.getAssignedOperatorId() == null || state.getStatus() == RoutingStatus.CLOSED) {
      return;
    }
    LimitExclusion exclusion = channels.get(state.getQueueChannelId()).getQueue().limitExclusion();
    if (exclusion == LimitExclusion.WAITING_FOR_CLIENT) {
      capacity.recount(state.getAssignedOperatorId(), conversationId, state.getQueueChannelId());
    }
  }
}
