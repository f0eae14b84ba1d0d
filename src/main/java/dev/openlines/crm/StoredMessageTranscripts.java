package dev.openlines.crm;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Reads a conversation's messages from the message store (collection {@value #COLLECTION}: one
 * document per message with {@code conversationId}, {@code sentAt}, {@code author}, {@code text}).
 */
@Component
public class StoredMessageTranscripts implements ConversationTranscripts {

  static final String COLLECTION = "messages";

  private final MongoTemplate mongo;

  public StoredMessageTranscripts(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public List<TranscriptLine> linesOf(String conversationId) {
    Query messages = query(where("conversationId").is(conversationId)).with(Sort.by("sentAt", "_id"));
    messages.fields().include("sentAt", "author", "text");
    return mongo.find(messages, Document.class, COLLECTION).stream().map(StoredMessageTranscripts::line).toList();
  }

  private static TranscriptLine line(Document message) {
    Date sentAt = message.getDate("sentAt");
    return new TranscriptLine(
        sentAt == null ? null : sentAt.toInstant(), message.getString("author"), message.getString("text"));
  }
}
