package dev.openlines.conversation.inbound;

import dev.openlines.conversation.ConversationFacts;
import dev.openlines.conversation.ConversationIntakeStore;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.RatingWaitService;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Finds the open conversation of a client in an open channel, or opens one. Concurrent first
 * messages of one client agree on one conversation through the {@link ClientThread} pointer.
 *
 * <p>Which message opens (starts) the conversation is not decided here: the call that created the
 * conversation may crash, or lose the race to assign its message, before it queues the start. The
 * start command itself decides ({@link ProcessCommandOutbox#queueStartUnlessQueued}).
 */
@Component
class OpenConversations {

  /**
   * A client's next message after these starts a new conversation, except a CLOSED one still in its
   * rating wait: that one is reopened ({@link RatingWaitService#requestReopen}). So does a message after
   * an operator, the conversation timeout or the chat bot asked to close the conversation, before the
   * process has closed it ({@link ConversationFacts#intakeStatusOf}).
   */
  private static final Set<ConversationStatus> FINISHED = ConversationStatus.FINISHED;

  private static final int MAX_ATTEMPTS = 10;

  private final MongoTemplate mongo;
  private final ConversationIntakeStore intake;
  private final ConversationFacts facts;
  private final RatingWaitService ratingWait;
  private final Clock clock;

  OpenConversations(
      MongoTemplate mongo, ConversationIntakeStore intake, ConversationFacts facts, RatingWaitService ratingWait, Clock clock) {
    this.mongo = mongo;
    this.intake = intake;
    this.facts = facts;
    this.ratingWait = ratingWait;
    this.clock = clock;
  }

  /**
   * @param conversationId the client's open conversation, stored before this returns
   * @param openedNow stored by this call (with the client's wait for a reply started, when a message opened it)
   */
  record Found(String conversationId, boolean openedNow) {}

  /** @return the id of the client's open conversation, stored before this returns */
  String findOrOpen(String channelId, String connectorType, String connectorId, String clientId) {
    return findOrOpen(channelId, connectorType, connectorId, clientId, null).conversationId();
  }

  /**
   * @param clientWaitsSince when the client wrote the message being assigned: a conversation this call opens
   *     stores it as the start of the client's wait for a reply; null for none
   */
  Found findOrOpen(String channelId, String connectorType, String connectorId, String clientId, Instant clientWaitsSince) {
    String key = ClientThread.key(channelId, connectorType, clientId);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      String candidate = UUID.randomUUID().toString();
      String current = pointAtOrKeep(key, candidate);
      if (current == null) {
        continue; // lost an insert race; the winner's pointer is there now
      }
      if (current.equals(candidate)) {
        return new Found(candidate, intake.openUnlessStored(candidate, channelId, connectorType, connectorId, clientId, clientWaitsSince));
      }
      if (clientWaitsSince != null && intake.clientWroteUnlessClosing(current, clientWaitsSince)) {
        return new Found(current, false);
      }
      ConversationFacts.IntakeStatus now = facts.intakeStatusOf(current).orElse(null);
      if (now == null) {
        // Its creator has not stored it yet (or crashed before): storing it is idempotent.
        return new Found(current, intake.openUnlessStored(current, channelId, connectorType, connectorId, clientId, clientWaitsSince));
      }
      ConversationStatus status = now.status();
      if (!FINISHED.contains(status) && !now.closing()) {
        if (clientWaitsSince == null) {
          return new Found(current, false);
        }
        continue; // it changed between the update and the read (reopened, or stored meanwhile): once more
      }
      // Closing: its close is on its way to the process, which would end it with this message unread.
      if (status == ConversationStatus.CLOSED && ratingWait.requestReopen(current, clientWaitsSince)) {
        return new Found(current, false);
      }
      if (replacePointer(key, current, candidate)) {
        return new Found(candidate, intake.openUnlessStored(candidate, channelId, connectorType, connectorId, clientId, clientWaitsSince));
      }
    }
    throw new IllegalStateException("Could not settle the conversation of client " + clientId + " in channel " + channelId);
  }

  /** Whether the client's latest conversation in this channel is closed but waiting for their rating. */
  boolean inRatingWait(String channelId, String connectorType, String clientId) {
    Query byKey = Query.query(Criteria.where("_id").is(ClientThread.key(channelId, connectorType, clientId)));
    byKey.fields().include("conversationId");
    ClientThread thread = mongo.findOne(byKey, ClientThread.class);
    return thread != null && ratingWait.inRatingWait(thread.conversationId());
  }

  /** Whether the client has a conversation in this channel that is not finished (two reads by id). */
  boolean hasOpen(String channelId, String connectorType, String clientId) {
    Query byKey = Query.query(Criteria.where("_id").is(ClientThread.key(channelId, connectorType, clientId)));
    byKey.fields().include("conversationId");
    ClientThread thread = mongo.findOne(byKey, ClientThread.class);
    if (thread == null) {
      return false;
    }
    ConversationStatus status = statusOf(thread.conversationId());
    return status != null && !FINISHED.contains(status);
  }

  /** The pointer's conversation, creating the pointer with {@code candidate} if there is none. */
  private String pointAtOrKeep(String key, String candidate) {
    Query byKey = Query.query(Criteria.where("_id").is(key));
    byKey.fields().include("conversationId");
    try {
      ClientThread thread =
          mongo.findAndModify(
              byKey,
              new Update().setOnInsert("conversationId", candidate).setOnInsert("updatedAt", clock.instant()),
              FindAndModifyOptions.options().upsert(true).returnNew(true),
              ClientThread.class);
      return thread == null ? null : thread.conversationId();
    } catch (DuplicateKeyException concurrentInsert) {
      return null;
    }
  }

  private boolean replacePointer(String key, String finished, String candidate) {
    return mongo
            .updateFirst(
                Query.query(Criteria.where("_id").is(key).and("conversationId").is(finished)),
                new Update().set("conversationId", candidate).set("updatedAt", clock.instant()),
                ClientThread.class)
            .getModifiedCount()
        == 1;
  }

  private ConversationStatus statusOf(String conversationId) {
    return facts.statusOf(conversationId).orElse(null);
  }
}
