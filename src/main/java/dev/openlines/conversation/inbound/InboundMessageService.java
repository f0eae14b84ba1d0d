package dev.openlines.conversation.inbound;

import dev.openlines.channel.ChannelInactiveException;
import dev.openlines.channel.ChannelService;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.ClientFlagService;
import dev.openlines.conversation.ClientSilenceService;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessage.StoredAttachment;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationResponseTimes;
import dev.openlines.conversation.inbound.IngestionResult.Outcome;
import dev.openlines.conversation.ConversationEvent;
import dev.openlines.routing.RoutingService;
import dev.openlines.workflow.ProcessMessages;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * The ingestion rules every connector follows: store the message first (once, however often the
 * messenger redelivers it), then find or open the client's conversation, then queue the process
 * command in the outbox. A connector may acknowledge the messenger as soon as this returns.
 * Messages live in the one message store, {@link ConversationMessageStore}, whose unique sparse
 * index on (connector, sender, external message id) makes a redelivery store nothing new.
 */
@Service
public class InboundMessageService {

  private final MongoTemplate mongo;
  private final ConversationMessageStore store;
  private final OpenConversations conversations;
  private final ProcessCommandsOfClientMessage processCommands;
  private final ProcessMessages processMessages;
  private final RoutingService routing;
  private final ConversationResponseTimes responseTimes;
  private final ClientSilenceService silence;
  private final IntakeAdmission admission;
  private final ConversationStartVariables startVariables;
  private final ClientFlagService spamList;
  private final ChannelService channels;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  public InboundMessageService(
      MongoTemplate mongo,
      ConversationMessageStore store,
      OpenConversations conversations,
      ProcessCommandsOfClientMessage processCommands,
      ProcessMessages processMessages,
      RoutingService routing,
      ConversationResponseTimes responseTimes,
      ClientSilenceService silence,
      IntakeAdmission admission,
      ConversationStartVariables startVariables,
      ClientFlagService spamList,
      ChannelService channels,
      Clock clock,
      ApplicationEventPublisher events) {
    this.spamList = spamList;
    this.channels = channels;
    this.mongo = mongo;
    this.store = store;
    this.conversations = conversations;
    this.processCommands = processCommands;
    this.processMessages = processMessages;
    this.routing = routing;
    this.responseTimes = responseTimes;
    this.silence = silence;
    this.admission = admission;
    this.startVariables = startVariables;
    this.clock = clock;
    this.events = events;
  }

  public IngestionResult receive(InboundMessage message, ConnectorSettings connector) {
    if (!connector.id().equals(message.connectorId()) || !connector.type().equals(message.connectorType())) {
      throw new IllegalArgumentException("Message of connector " + message.connectorId() + " given with settings of " + connector.id());
    }
    if (spamList.isFlagged(connector.id(), message.clientId())) {
      // Blocked before anything is stored or counted: no conversation, no offer, nothing for operators.
      return IngestionResult.blocked();
    }
    // Before anything is stored: a refused message changes nothing, and its redelivery is a first delivery.
    startVariables.requireChannel(connector.channelId());
    refuseNewConversationsOfInactiveChannel(connector, message.clientId());
    admission.admit(() -> conversations.hasOpen(connector.channelId(), connector.type(), message.clientId()));
    List<StoredAttachment> attachments = withinLimit(message.attachments(), connector.maxAttachmentBytes());
    if (message.edited()) {
      ConversationMessage edited = applyEdit(message, attachments);
      if (edited != null) {
        return new IngestionResult(edited.getId(), edited.getConversationId(), Outcome.EDITED);
      }
      // The original never reached us: the edit is the first we hear of this message.
    }
    ConversationMessageStore.Stored once = storeOnce(message, connector.channelId(), attachments);
    ConversationMessage stored = once.message();
    if (Boolean.TRUE.equals(stored.getQueued())) {
      return new IngestionResult(stored.getId(), stored.getConversationId(), Outcome.DUPLICATE);
    }
    Assigned assignment = assignConversation(once, connector);
    ConversationMessage assigned = assignment.message();
    announce(stored, assigned.getConversationId());
    boolean opens = processCommands.queue(assigned, message.priority());
    recordClientWrote(assigned, opens, assignment.openedByIt());
    markQueued(assigned.getId(), opens);
    processMessages.deliverQueued();
    return new IngestionResult(assigned.getId(), assigned.getConversationId(), Outcome.ACCEPTED);
  }

  /** A switched-off channel lets the client's open conversation go on, but opens none. */
  private void refuseNewConversationsOfInactiveChannel(ConnectorSettings connector, String clientId) {
    if (!channels.get(connector.channelId()).isActive() && !conversations.hasOpen(connector.channelId(), connector.type(), clientId)) {
      throw new ChannelInactiveException(connector.channelId());
    }
  }

  /** The stored message of this connector, or the one stored by an earlier delivery. */
  private ConversationMessageStore.Stored storeOnce(InboundMessage message, String channelId, List<StoredAttachment> attachments) {
    ConversationMessage fresh =
        ConversationMessage.inbound(
            UUID.randomUUID().toString(),
            null,
            message.connectorId(),
            message.connectorType(),
            channelId,
            message.externalMessageId(),
            message.clientId(),
            message.client(),
            message.text(),
            attachments,
            message.sentAt(),
            clock.instant());
    return store.storeInbound(fresh);
  }

  private ConversationMessage applyEdit(InboundMessage message, List<StoredAttachment> attachments) {
    Query original = bySender(message.connectorId(), message.clientId(), message.externalMessageId());
    original.fields().include("conversationId");
    return mongo.findAndModify(
        original,
        new Update().set("text", message.text()).set("attachments", attachments).set("editedAt", clock.instant()),
        ConversationMessage.class);
  }

  /**
   * @param openedByIt the conversation was stored by this delivery for this message, with the client's wait
   *     for a reply started at the message: a new conversation has no other clock that the message's
   *     {@link #recordClientWrote} would change, so those commands are left out
   */
  private record Assigned(ConversationMessage message, boolean openedByIt) {}

  /**
   * Assigns the message to its conversation once: a concurrent delivery of the same message that
   * got here first decides, and this one adopts its decision.
   */
  private Assigned assignConversation(ConversationMessageStore.Stored once, ConnectorSettings connector) {
    ConversationMessage stored = once.message();
    if (stored.getConversationId() == null) {
      OpenConversations.Found found = conversations.findOrOpen(
          stored.getChannelId(), connector.type(), connector.id(), stored.getClientId(), stored.getCreatedAt());
      String conversationId = found.conversationId();
      long assigned = mongo.updateFirst(
          Query.query(Criteria.where("_id").is(stored.getId()).and("conversationId").is(null)),
          new Update().set("conversationId", conversationId),
          ConversationMessage.class).getModifiedCount();
      if (assigned == 1 && once.isNew()) {
        // This delivery stored the message and assigned it: it holds every field, nothing to read back.
        return new Assigned(stored.assignedTo(conversationId), found.openedNow());
      }
    }
    Query byId = Query.query(Criteria.where("_id").is(stored.getId()));
    byId.fields().include("connectorId", "connectorType", "channelId", "clientId", "client", "conversationId", "createdAt");
    return new Assigned(mongo.findOne(byId, ConversationMessage.class), false);
  }

  /**
   * The store-side effects of a client message, done here rather than by the process so they hold
   * while the engine is unreachable: the response-time clock starts at the oldest unanswered message,
   * and with the limit exclusion "waiting for the client" the conversation counts against its operator
   * again; the conversation-timeout clock stops. All are idempotent, so the redelivery that finishes a crashed delivery may repeat them.
   * (The process's own reaction to a client message, e.g. reopening during the rating wait, is the
   * {@code client-message} event the outbox publishes.)
   */
  private void recordClientWrote(ConversationMessage message, boolean opensConversation, boolean conversationOpenedByIt) {
    if (!conversationOpenedByIt) {
      // Otherwise stored with the conversation: its reply clock starts at this message, no silence clock runs yet.
      responseTimes.clientWrote(message.getConversationId(), message.getCreatedAt());
      silence.clientWrote(message.getConversationId());
    }
    if (!opensConversation) {
      routing.clientWrote(message.getConversationId());
    }
  }

  /**
   * Tells the operator consoles, as soon as the message is stored and belongs to its conversation (it was
   * stored before it had one, so the store's own save event carries none). A retried delivery may announce
   * it again: consoles key messages by id.
   */
  private void announce(ConversationMessage stored, String conversationId) {
    events.publishEvent(new ConversationEvent.Message(conversationId, stored.getId(),
        stored.getAuthor() == null ? null : stored.getAuthor().name(), null, stored.getText(), false, stored.getCreatedAt()));
  }

  private void markQueued(String messageId, boolean opensConversation) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(messageId)),
        new Update().set("opensConversation", opensConversation).set("queued", true),
        ConversationMessage.class);
  }

  /** The deduplication key: the sender's identity on the connector is part of it. */
  private static Query bySender(String connectorId, String clientId, String externalMessageId) {
    return Query.query(Criteria.where("connectorId").is(connectorId).and("clientId").is(clientId)
        .and("externalMessageId").is(externalMessageId));
  }

  /** Files over the connector's limit keep their metadata but lose their download reference. */
  private static List<StoredAttachment> withinLimit(List<OutboundMessage.Attachment> attachments, long limit) {
    return attachments.stream()
        .map(a -> {
          boolean tooLarge = a.size() > limit;
          return new StoredAttachment(a.name(), a.contentType(), a.size(), tooLarge ? null : a.url(), tooLarge);
        })
        .toList();
  }

  /** The conversation of the client's latest stored message on this connector, if any. */
  public java.util.Optional<String> latestConversationOf(String connectorId, String clientId) {
    Query latest = Query.query(Criteria.where("connectorId").is(connectorId).and("clientId").is(clientId)
            .and("conversationId").ne(null))
        .with(Sort.by(Sort.Direction.DESC, "createdAt", "_id"))
        .limit(1);
    latest.fields().include("conversationId");
    return java.util.Optional.ofNullable(mongo.findOne(latest, ConversationMessage.class)).map(ConversationMessage::getConversationId);
  }

  /**
   * A stored message with this id on the connector from whichever sender (the first found); for
   * tools and tests that know the id is used by one sender only. Ingestion itself keys by sender.
   */
  public java.util.Optional<ConversationMessage> findAnySender(String connectorId, String externalMessageId) {
    return java.util.Optional.ofNullable(mongo.findOne(
        Query.query(Criteria.where("connectorId").is(connectorId).and("externalMessageId").is(externalMessageId)),
        ConversationMessage.class));
  }

  /** The stored message a connector knows by the sender's identity on it and its own id, if any. */
  public java.util.Optional<ConversationMessage> find(String connectorId, String clientId, String externalMessageId) {
    return java.util.Optional.ofNullable(mongo.findOne(bySender(connectorId, clientId, externalMessageId), ConversationMessage.class));
  }
}
