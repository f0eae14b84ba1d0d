package dev.openlines.conversation;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** The name operators give a conversation (shown instead of the client's name). */
@Component
public class ConversationTitles {

  private final MongoTemplate mongo;

  ConversationTitles(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** Stores the title without its surrounding blanks; the conversation's other fields stay as they are. */
  public void rename(String conversationId, String title) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)), new Update().set("title", title.strip()), Conversation.class);
  }
}
