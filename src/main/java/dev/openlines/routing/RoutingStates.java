package dev.openlines.routing;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Reads a conversation's routing document ({@link ConversationRouting}) for the classes that change it. */
@Component
class RoutingStates {

  private final MongoTemplate mongo;

  RoutingStates(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** The conversation's routing state; null when it was never routed. */
  ConversationRouting read(String conversationId) {
    Query query = byId(conversationId);
    query.fields().exclude("offerJobKey");
    return mongo.findOne(query, ConversationRouting.class);
  }

  /**
   * Whether an operator holds the conversation now, and since when: from answering its offer until it
   * is transferred or closed (a take-over passes it on without a break).
   *
   * @return empty while it is routed, waits for an operator, or is closed
   */
  Optional<Instant> heldSince(String conversationId) {
    Query query = byId(conversationId);
    query.fields().include("assignedOperatorId", "assignedAt", "status");
    ConversationRouting state = mongo.findOne(query, ConversationRouting.class);
    if (state == null || state.getAssignedOperatorId() == null || state.getStatus() == RoutingStatus.CLOSED) {
      return Optional.empty();
    }
    // Assigned before assignedAt was recorded: held, since an unknown time.
    return Optional.of(state.getAssignedAt() == null ? Instant.MIN : state.getAssignedAt());
  }

  /** A change of the routing status, with the instant it changed (how long it has been waiting, say). */
  static Update status(RoutingStatus status, Instant now) {
    return new Update().set("status", status).set("statusSince", now);
  }

  static Query byId(String id) {
    return Query.query(Criteria.where("_id").is(id));
  }
}
