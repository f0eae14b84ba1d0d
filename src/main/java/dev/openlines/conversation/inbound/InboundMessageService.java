package dev.openlines.conversation.inbound;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.inbound.IngestionResult.Outcome;
import dev.openlines.workflow.Workflow;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * The ingestion rules every connector follows: store the message first (once, however often the
 * messenger redelivers it), then find or open the client's conversation, then queue the process
 * command in the outbox. A connector may acknowledge the messenger as soon as this returns.
 */
@Service
public class InboundMessageService {

  private final MongoTemplate mongo;
  private final OpenConversations conversations;
  private final ProcessCommandOutbox outbox;
  private final ProcessCommandRelay relay;
  private final Clock clock;

  public InboundMessageService(
      MongoTemplate mongo,
      OpenConversations conversations,
      ProcessCommandOutbox outbox,
      ProcessCommandRelay relay,
      Clock clock) {
    this.mongo = mongo;
    this.conversations = conversations;
    this.outbox = outbox;
    this.relay = relay;
    this.clock = clock;
    mongo
        .indexOps(ReceivedMessage.class)
        .createIndex(
            new Index()
                .on("connectorId", Sort.Direction.ASC)
                .on("externalMessageId", Sort.Direction.ASC)
                .unique()
                .named("once-per-connector-message"));
    mongo.indexOps(ReceivedMessage.class).createIndex(new Index().on("conversationId", Sort.Direction.ASC).named("by-conversation"));
  }

  public IngestionResult receive(InboundMessage message, ConnectorSettings connector) {
    if (!connector.id().equals(message.connectorId()) || !connector.type().equals(message.connectorType())) {
      throw new IllegalArgumentException("Message of connector " + message.connectorId() + " given with settings of " + connector.id());
    }
    List<ReceivedMessage.ReceivedAttachment> attachments = withinLimit(message.attachments(), connector.maxAttachmentBytes());
    if (message.edited()) {
      ReceivedMessage edited = applyEdit(message, attachments);
      if (edited != null) {
        return new IngestionResult(edited.id(), edited.conversationId(), Outcome.EDITED);
      }
      // The original never reached us: the edit is the first we hear of this message.
    }
    ReceivedMessage stored = storeOnce(message, connector.channelId(), attachments);
    if (Boolean.TRUE.equals(stored.queued())) {
      return new IngestionResult(stored.id(), stored.conversationId(), Outcome.DUPLICATE);
    }
    ReceivedMessage assigned = assignConversation(stored, connector);
    queueProcessCommand(assigned);
    markQueued(assigned.id());
    relay.wakeUp();
    return new IngestionResult(assigned.id(), assigned.conversationId(), Outcome.ACCEPTED);
  }

  /** The stored message of this connector, or the one stored by an earlier delivery. */
  private ReceivedMessage storeOnce(InboundMessage message, String channelId, List<ReceivedMessage.ReceivedAttachment> attachments) {
    Instant now = clock.instant();
    ReceivedMessage fresh =
        new ReceivedMessage(
            UUID.randomUUID().toString(),
            message.connectorId(),
            message.connectorType(),
            channelId,
            message.externalMessageId(),
            message.clientId(),
            message.client(),
            message.text(),
            attachments,
            message.sentAt(),
            now,
            message.edited() ? now : null,
            null,
            null,
            false);
    try {
      return mongo.insert(fresh);
    } catch (DuplicateKeyException redelivered) {
      Query earlier = byExternalId(message.connectorId(), message.externalMessageId());
      earlier.fields().include("connectorId", "channelId", "clientId", "conversationId", "opensConversation", "queued");
      return mongo.findOne(earlier, ReceivedMessage.class);
    }
  }

  private ReceivedMessage applyEdit(InboundMessage message, List<ReceivedMessage.ReceivedAttachment> attachments) {
    Query original = byExternalId(message.connectorId(), message.externalMessageId());
    original.fields().include("conversationId");
    return mongo.findAndModify(
        original,
        new Update().set("text", message.text()).set("attachments", attachments).set("editedAt", clock.instant()),
        ReceivedMessage.class);
  }

  /**
   * Assigns the message to its conversation once: a concurrent delivery of the same message that
   * got here first decides, and this one adopts its decision.
   */
  private ReceivedMessage assignConversation(ReceivedMessage stored, ConnectorSettings connector) {
    if (stored.conversationId() == null) {
      OpenConversations.Found found =
          conversations.findOrOpen(stored.channelId(), connector.type(), connector.id(), stored.clientId());
      mongo.updateFirst(
          Query.query(Criteria.where("_id").is(stored.id()).and("conversationId").is(null)),
          new Update().set("conversationId", found.conversationId()).set("opensConversation", found.opened()),
          ReceivedMessage.class);
    }
    Query byId = Query.query(Criteria.where("_id").is(stored.id()));
    byId.fields().include("connectorId", "connectorType", "channelId", "clientId", "conversationId", "opensConversation");
    return mongo.findOne(byId, ReceivedMessage.class);
  }

  private void queueProcessCommand(ReceivedMessage message) {
    if (Boolean.TRUE.equals(message.opensConversation())) {
      outbox.queueStart(
          message.conversationId(),
          Map.of(
              Workflow.Variable.CONVERSATION_ID, message.conversationId(),
              Workflow.Variable.CHANNEL_ID, message.channelId(),
              Workflow.Variable.CONNECTOR_TYPE, message.connectorType(),
              Workflow.Variable.CONNECTOR_ID, message.connectorId(),
              Workflow.Variable.CLIENT_ID, message.clientId(),
              Workflow.Variable.CLIENT_MESSAGE_ID, message.id()));
    } else {
      outbox.queueMessage(
          ProcessCommandOutbox.clientMessageCommandId(message.id()),
          message.conversationId(),
          Workflow.Message.CLIENT_MESSAGE,
          Map.of(Workflow.Variable.CLIENT_MESSAGE_ID, message.id()));
    }
  }

  private void markQueued(String messageId) {
    mongo.updateFirst(Query.query(Criteria.where("_id").is(messageId)), new Update().set("queued", true), ReceivedMessage.class);
  }

  private static Query byExternalId(String connectorId, String externalMessageId) {
    return Query.query(Criteria.where("connectorId").is(connectorId).and("externalMessageId").is(externalMessageId));
  }

  /** Files over the connector's limit keep their metadata but lose their download reference. */
  private static List<ReceivedMessage.ReceivedAttachment> withinLimit(List<OutboundMessage.Attachment> attachments, long limit) {
    return attachments.stream()
        .map(a -> {
          boolean tooLarge = a.size() > limit;
          return new ReceivedMessage.ReceivedAttachment(a.name(), a.contentType(), a.size(), tooLarge ? null : a.url(), tooLarge);
        })
        .toList();
  }

  /** The stored messages of a conversation, oldest first. */
  public List<ReceivedMessage> messagesOf(String conversationId) {
    return mongo.find(
        Query.query(Criteria.where("conversationId").is(conversationId)).with(Sort.by("receivedAt", "_id")),
        ReceivedMessage.class);
  }

  /** The conversation of the client's latest stored message on this connector, if any. */
  public java.util.Optional<String> latestConversationOf(String connectorId, String clientId) {
    Query latest = Query.query(Criteria.where("connectorId").is(connectorId).and("clientId").is(clientId)
            .and("conversationId").ne(null))
        .with(Sort.by(Sort.Direction.DESC, "receivedAt", "_id"))
        .limit(1);
    latest.fields().include("conversationId");
    return java.util.Optional.ofNullable(mongo.findOne(latest, ReceivedMessage.class)).map(ReceivedMessage::conversationId);
  }

  /** The stored message a connector knows by its own id, if any. */
  public java.util.Optional<ReceivedMessage> find(String connectorId, String externalMessageId) {
    return java.util.Optional.ofNullable(mongo.findOne(byExternalId(connectorId, externalMessageId), ReceivedMessage.class));
  }
}
