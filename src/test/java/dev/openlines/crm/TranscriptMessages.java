package dev.openlines.crm;

import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.MessageAuthor;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Writes conversation messages into the one message store the way ingestion and sending do. */
final class TranscriptMessages {

  private TranscriptMessages() {}

  /** @param author "client" for the client's message, otherwise the id of the operator who sent it */
  static void store(ConversationMessageStore store, MongoTemplate mongo, String conversation, Instant at, String author, String text) {
    if (author.equals("client")) {
      store.storeInbound(ConversationMessage.inbound(UUID.randomUUID().toString(), conversation, "test-connector", "test",
          "test-channel", UUID.randomUUID().toString(), "client-1", null, text, List.of(), at, at));
    } else {
      mongo.insert(ConversationMessage.outgoing(UUID.randomUUID().toString(), conversation, MessageAuthor.OPERATOR, author, text,
          false, List.of(), at));
    }
  }
}
