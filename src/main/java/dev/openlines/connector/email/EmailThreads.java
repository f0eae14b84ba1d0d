package dev.openlines.connector.email;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Mail threads: which client a Message-ID belongs to, so a mail answering any mail of a thread
 * (In-Reply-To, References) lands with that client's conversation even when a colleague of theirs
 * replies; and, per conversation, what a reply must quote so the client's mail program threads it.
 * Both are kept by id only.
 */
@Component
class EmailThreads {

  /** References grow with every mail of a thread; mail programs themselves keep only the newest. */
  static final int MAX_REFERENCES = 20;

  private final MongoTemplate mongo;
  private final Clock clock;

  EmailThreads(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /** The client whose thread one of these Message-IDs belongs to (newest first), if any is known. */
  Optional<String> clientOf(String connectorId, List<String> references) {
    for (String reference : references) {
      ThreadMember member = mongo.findById(key(connectorId, reference), ThreadMember.class);
      if (member != null) {
        return Optional.of(member.clientId());
      }
    }
    return Optional.empty();
  }

  /** Remembers that this Message-ID belongs to the client's thread; the first owner stays. */
  void remember(String connectorId, String messageId, String clientId) {
    try {
      mongo.insert(new ThreadMember(key(connectorId, messageId), clientId, clock.instant()));
    } catch (DuplicateKeyException known) {
      // Already part of a thread.
    }
  }

  /** The conversation's newest client mail is the one a reply answers. */
  void clientMailArrived(String conversationId, String messageId, String subject, List<String> ownReferences, Instant at) {
    List<String> references = new ArrayList<>(ownReferences);
    references.remove(messageId);
    references.add(messageId);
    if (references.size() > MAX_REFERENCES) {
      // Keep the thread's root and the newest: what RFC 5322 suggests when shortening References.
      List<String> shortened = new ArrayList<>(List.of(references.getFirst()));
      shortened.addAll(references.subList(references.size() - MAX_REFERENCES + 1, references.size()));
      references = shortened;
    }
    Query byId = Query.query(Criteria.where("_id").is(conversationId).orOperator(
        Criteria.where("lastClientMailAt").exists(false), Criteria.where("lastClientMailAt").lte(at)));
    try {
      mongo.findAndModify(byId,
          new Update().set("lastClientMessageId", messageId).set("subject", subject).set("references", references)
              .set("lastClientMailAt", at),
          FindAndModifyOptions.options().upsert(true), ConversationThread.class);
    } catch (DuplicateKeyException newerMailStored) {
      // A newer mail of the conversation was recorded concurrently: it is the one to answer.
    }
  }

  Optional<ConversationThread> ofConversation(String conversationId) {
    return Optional.ofNullable(mongo.findById(conversationId, ConversationThread.class));
  }

  private static String key(String connectorId, String messageId) {
    return connectorId + "\n" + messageId;
  }

  @Document("email_thread_members")
  record ThreadMember(@Id String key, String clientId, Instant recordedAt) {}

  /** What a reply in the conversation answers. */
  @Document("email_conversation_threads")
  record ConversationThread(
      @Id String conversationId, String lastClientMessageId, String subject, List<String> references, Instant lastClientMailAt) {}
}
