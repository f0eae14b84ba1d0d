package dev.openlines.connector.livechat;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import java.time.Clock;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** Delivers operator messages to website visitors: stored for the visitor, then pushed to open streams. */
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
      mongo.insert(new LiveChatOutgoing(message.messageId(), message.clientId(), message.conversationId(), message.text(),
          message.attachments(), clock.instant(), null));
    } catch (DuplicateKeyException redelivered) {
      // Stored by an earlier attempt: it is pending or delivered already, never twice.
    }
    streams.flush(message.clientId());
  }
}
