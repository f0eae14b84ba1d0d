package dev.openlines.conversation;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Single facts of one conversation, for packages that need a fact, not the conversation: each is one read
 * by id that returns only that field. Empty when no such conversation is stored.
 */
@Component
public class ConversationFacts {

  private final MongoTemplate mongo;

  ConversationFacts(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** The open channel the conversation belongs to. */
  public Optional<String> channelOf(String conversationId) {
    return field(conversationId, "channelId").map(Conversation::getChannelId);
  }

  /** The status the conversation has now. */
  public Optional<ConversationStatus> statusOf(String conversationId) {
    return field(conversationId, "status").map(Conversation::getStatus);
  }

  /**
   * The status the conversation has now, as the client's next message sees it: a conversation whose close
   * was asked for (by an operator, the conversation timeout or the chat bot) counts as closing until the
   * process records it closed.
   */
  public Optional<IntakeStatus> intakeStatusOf(String conversationId) {
    Query byId = Query.query(Criteria.where("_id").is(conversationId));
    byId.fields().include("status", "closeRequestedAt", "botDecision");
    return Optional.ofNullable(mongo.findOne(byId, Conversation.class))
        .map(stored -> new IntakeStatus(stored.getStatus(), stored.getCloseRequestedAt() != null || botClosed(stored)));
  }

  /**
   * The bot decided to close and the process has not acted on it yet: its close is queued, and reaches the
   * process also when the engine was away at the time.
   */
  private static boolean botClosed(Conversation stored) {
    return stored.getStatus() == ConversationStatus.WITH_BOT && BotPhase.Decision.CLOSE.name().equals(stored.getBotDecision());
  }

  /** @param closing a close was asked for and the process has not recorded it yet */
  public record IntakeStatus(ConversationStatus status, boolean closing) {}

  /** When the conversation was opened: stored with the client's first message. */
  public Optional<Instant> openedAt(String conversationId) {
    return field(conversationId, "createdAt").map(Conversation::getCreatedAt);
  }

  private Optional<Conversation> field(String conversationId, String field) {
    Query byId = Query.query(Criteria.where("_id").is(conversationId));
    byId.fields().include(field);
    return Optional.ofNullable(mongo.findOne(byId, Conversation.class));
  }
}
