package dev.openlines.connector.livechat;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import java.time.Clock;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.MessageAuthor;
import dev.openlines.operator.Operator;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Delivers messages to website visitors (the operator's, the chat bot's and OpenLines' automatic ones):
 * stored for the visitor with who wrote them, then pushed to open streams.
 */
@Component
class LiveChatMessenger implements ClientMessenger {

  private final MongoTemplate mongo;
  private final LiveChatStreams streams;
  private final Clock clock;

  LiveChatMessenger(MongoTemplate mongo, LiveChatStreams streams, Clock clock) {
    this.mongo = mongo;
    this.streams = streams;
    this.clock = clock;
  }

  @Override
  public String connectorType() {
    return ConnectorTypes.LIVECHAT;
  }

  @Override
  public void deliver(OutboundMessage message) throws DeliveryException {
    if (mongo.findById(message.clientId(), LiveChatSession.class) == null) {
      throw DeliveryException.permanent("No live-chat session " + message.clientId());
    }
    try {
      Author author = authorOf(message.messageId());
      mongo.insert(new LiveChatOutgoing(message.messageId(), message.clientId(), message.conversationId(), message.text(),
          message.attachments(), clock.instant(), null, author.kind().name(), author.operatorName()));
    } catch (DuplicateKeyException redelivered) {
      // Stored by an earlier attempt: it is pending or delivered already, never twice.
    }
    streams.flush(message.clientId());
  }

  private record Author(MessageAuthor kind, String operatorName) {}

  /**
   * The transcript entry, which every sender stores before delivering, says who wrote the message; the
   * operator's name is taken now, so a later rename does not rewrite what the visitor was shown.
   */
  private Author authorOf(String messageId) {
    Query byId = Query.query(Criteria.where("_id").is(messageId));
    byId.fields().include("author", "operatorId");
    ConversationMessage stored = mongo.findOne(byId, ConversationMessage.class);
    if (stored == null || stored.getAuthor() == null) {
      // Nothing but OpenLines itself sends without a transcript entry.
      return new Author(MessageAuthor.SYSTEM, null);
    }
    if (stored.getAuthor() != MessageAuthor.OPERATOR || stored.getOperatorId() == null) {
      return new Author(stored.getAuthor(), null);
    }
    Query operator = Query.query(Criteria.where("_id").is(stored.getOperatorId()));
    operator.fields().include("name");
    Operator found = mongo.findOne(operator, Operator.class);
    return new Author(MessageAuthor.OPERATOR, found == null ? null : found.getName());
  }
}
