package dev.openlines.connector.livechat;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.MessageChange;
import dev.openlines.connector.OutboundMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import dev.openlines.channel.OperatorDisplay;
import dev.openlines.channel.OperatorDisplayService;
import dev.openlines.conversation.MessageOrder;
import dev.openlines.conversation.ConversationFacts;
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
 * stored for the visitor with who wrote them, then pushed to open streams; an operator's edit or deletion
 * of a message goes the same way.
 */
@Component
class LiveChatMessenger implements ClientMessenger {

  private final MongoTemplate mongo;
  private final LiveChatStreams streams;
  private final Clock clock;
  private final OperatorDisplayService displays;
  private final ConversationFacts conversations;

  private final LiveChatHistoryMail mails;
  private final MessageOrder order;

  LiveChatMessenger(MongoTemplate mongo, LiveChatStreams streams, Clock clock, OperatorDisplayService displays,
      ConversationFacts conversations, LiveChatHistoryMail mails, MessageOrder order) {
    this.order = order;
    this.conversations = conversations;
    this.mails = mails;
    this.displays = displays;
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
    LiveChatSession session = mongo.findById(message.clientId(), LiveChatSession.class);
    if (session == null) {
      throw DeliveryException.permanent("No live-chat session " + message.clientId());
    }
    Author author = authorOf(message.messageId(), message.conversationId());
    try {
      mongo.insert(new LiveChatOutgoing(message.messageId(), message.clientId(), message.conversationId(), message.text(),
          message.attachments(), clock.instant(), null, author.kind().name(), author.shown().name(), author.shown().photoUrl(),
          null, null, order.next()));
    } catch (DuplicateKeyException redelivered) {
      // Stored by an earlier attempt: it is pending or delivered already, never twice.
    }
    Optional<Instant> goneSince = streams.visitorGoneSince(session);
    streams.flush(message.clientId());
    if (author.kind() == MessageAuthor.OPERATOR) {
      // A visitor who left the page would not see the reply: the channel may mail it.
      mails.newMessageIfGone(session, message.messageId(), message.text(), goneSince.orElse(null));
    }
  }

  /** The widget shows an edit or a deletion as soon as its stream gets it (event {@code edited} / {@code deleted}). */
  @Override
  public boolean carriesChanges() {
    return true;
  }

  @Override
  public void change(MessageChange change) throws DeliveryException {
    if (mongo.findById(change.clientId(), LiveChatSession.class) == null) {
      throw DeliveryException.permanent("No live-chat session " + change.clientId());
    }
    try {
      mongo.insert(new LiveChatOutgoing(change.changeId(), change.clientId(), change.conversationId(), change.text(),
          List.of(), clock.instant(), null, null, null, null, change.kind().name(), change.messageId(), order.next()));
    } catch (DuplicateKeyException redelivered) {
      // Queued by an earlier attempt: pushed once.
    }
    streams.flush(change.clientId());
  }

  private record Author(MessageAuthor kind, OperatorDisplay.Shown shown) {
    static final OperatorDisplay.Shown NONE = new OperatorDisplay.Shown(null, null);
  }

  /**
   * The transcript entry, which every sender stores before delivering, says who wrote the message; the
   * operator's name and photo are taken now, as the conversation's channel shows them to clients (the
   * operator's own profile, the channel's entry for them, or nothing), so a later change does not rewrite
   * what the visitor was shown.
   */
  private Author authorOf(String messageId, String conversationId) {
    Query byId = Query.query(Criteria.where("_id").is(messageId));
    byId.fields().include("author", "operatorId");
    ConversationMessage stored = mongo.findOne(byId, ConversationMessage.class);
    if (stored == null || stored.getAuthor() == null) {
      // Nothing but OpenLines itself sends without a transcript entry.
      return new Author(MessageAuthor.SYSTEM, Author.NONE);
    }
    if (stored.getAuthor() != MessageAuthor.OPERATOR || stored.getOperatorId() == null) {
      return new Author(stored.getAuthor(), Author.NONE);
    }
    Query operator = Query.query(Criteria.where("_id").is(stored.getOperatorId()));
    operator.fields().include("name", "photoUrl");
    Operator found = mongo.findOne(operator, Operator.class);
    OperatorDisplay display = conversations.channelOf(conversationId)
        .map(displays::of)
        .orElseGet(() -> OperatorDisplay.ownProfile(null));
    return new Author(MessageAuthor.OPERATOR, display.shown(
        stored.getOperatorId(), found == null ? null : found.getName(), found == null ? null : found.getPhotoUrl()));
  }
}
