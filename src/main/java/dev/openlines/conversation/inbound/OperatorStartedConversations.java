package dev.openlines.conversation.inbound;

import dev.openlines.api.ConflictException;
import dev.openlines.api.NotFoundException;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.MessageAuthor;
import dev.openlines.workflow.ProcessMessages;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Conversations an operator starts with a known client. They open like a client's: the conversation is
 * stored through the client's thread and its start is queued in the outbox (on disk when this returns),
 * with {@code startedByOperatorId} so that the model routes it to that operator only. The operator's first
 * text waits here, beside the conversation, until the model's "Send the operator's first text" sends it (dev.openlines.tasklist.OperatorStartHandOver).
 */
@Service
public class OperatorStartedConversations {

  private final MongoTemplate mongo;
  private final OpenConversations conversations;
  private final ProcessMessages processMessages;
  private final ConversationStartVariables startVariables;
  private final Clock clock;

  OperatorStartedConversations(MongoTemplate mongo, OpenConversations conversations, ProcessMessages processMessages,
      ConversationStartVariables startVariables, Clock clock) {
    this.mongo = mongo;
    this.conversations = conversations;
    this.processMessages = processMessages;
    this.startVariables = startVariables;
    this.clock = clock;
  }

  /** The first text of a started conversation, kept until it is sent. */
  @Document("operatorStarts")
  public record PendingStart(@Id String conversationId, String operatorId, String messageId, String text, Instant startedAt,
      Instant sentAt) {}

  /**
   * Checks everything before storing anything: the client must have written on this connector before,
   * and must have no open conversation in the channel.
   *
   * @return the id of the started conversation
   * @throws NotFoundException when the client never wrote on this connector
   * @throws ConflictException when the client's conversation in the channel is still open
   */
  public String start(ConnectorSettings connector, String clientId, String operatorId, String text) {
    ConversationMessage earlier = latestClientMessage(connector.id(), clientId)
        .orElseThrow(() -> new NotFoundException("No client '" + clientId + "' on connector " + connector.id()
            + ": a conversation can be started only with a client who wrote on this connector before"));
    if (conversations.hasOpen(connector.channelId(), connector.type(), clientId)) {
      throw new ConflictException("Client '" + clientId + "' already has an open conversation in channel "
          + connector.channelId() + ": write in that conversation instead");
    }
    if (conversations.inRatingWait(connector.channelId(), connector.type(), clientId)) {
      // Opening now would reopen that conversation (as a client's message does), not start one.
      throw new ConflictException("Client '" + clientId + "' is still asked to rate their last conversation in channel "
          + connector.channelId() + ": start a new one when the rating wait is over");
    }
    String conversationId = conversations.findOrOpen(connector.channelId(), connector.type(), connector.id(), clientId);
    Instant now = clock.instant();
    // Stored before the start is queued: the hand-over finds the text whenever the offer is made.
    mongo.upsert(Query.query(Criteria.where("_id").is(conversationId)),
        new Update()
            .setOnInsert("operatorId", operatorId)
            .setOnInsert("messageId", conversationId + ":op:first")
            .setOnInsert("text", text)
            .setOnInsert("startedAt", now),
        PendingStart.class);
    processMessages.queueStartUnlessQueued(conversationId, "operator-start:" + conversationId,
        startVariables.startedByOperator(conversationId, earlier, operatorId, now));
    processMessages.deliverQueued();
    return conversationId;
  }

  /** The unsent first text of a conversation an operator started, if any (whoever started it). */
  public Optional<PendingStart> pending(String conversationId) {
    return Optional.ofNullable(mongo.findOne(
        Query.query(Criteria.where("_id").is(conversationId).and("sentAt").is(null)), PendingStart.class));
  }

  public void markSent(String conversationId) {
    mongo.updateFirst(Query.query(Criteria.where("_id").is(conversationId)), new Update().set("sentAt", clock.instant()),
        PendingStart.class);
  }

  private Optional<ConversationMessage> latestClientMessage(String connectorId, String clientId) {
    Query latest = Query.query(Criteria.where("connectorId").is(connectorId).and("clientId").is(clientId)
            .and("author").is(MessageAuthor.CLIENT))
        .with(Sort.by(Sort.Direction.DESC, "createdAt", "_id"))
        .limit(1);
    return Optional.ofNullable(mongo.findOne(latest, ConversationMessage.class));
  }
}
