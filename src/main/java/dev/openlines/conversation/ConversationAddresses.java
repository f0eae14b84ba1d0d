package dev.openlines.conversation;

import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Where a conversation's client is reached: channel, connector type and instance, client id. */
@Service
public class ConversationAddresses {

  private final MongoTemplate mongo;

  public ConversationAddresses(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** Read through a projection; empty when no such conversation is stored. */
  public Optional<Conversation> find(String conversationId) {
    Query query = Query.query(Criteria.where("_id").is(conversationId));
    query.fields().include("channelId", "connectorType", "connectorId", "clientId");
    return Optional.ofNullable(mongo.findOne(query, Conversation.class));
  }
}
