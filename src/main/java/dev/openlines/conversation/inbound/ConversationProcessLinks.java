package dev.openlines.conversation.inbound;

import dev.openlines.conversation.Conversation;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Which process instance is a conversation's process: the first one to link itself. The engine already
 * refuses a second instance started by the conversation's start message while the first runs; this is
 * the guard for every other way a second one could appear (the start resent after the first instance
 * ended, a recovery instance created beside a start that was still queued).
 */
@Component
class ConversationProcessLinks {

  enum Outcome {
    /** This instance is the conversation's process (also when it had linked itself before). */
    LINKED,
    /** Another instance is the conversation's process: this one is a duplicate. */
    OTHER_PROCESS_LINKED,
    /** No such conversation is stored (e.g. a process started by hand): nothing to guard. */
    NOT_STORED
  }

  private final MongoTemplate mongo;

  ConversationProcessLinks(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** One conditional update: two instances linking at the same time cannot both win. */
  Outcome link(String conversationId, long processInstanceKey) {
    boolean linked =
        mongo
                .updateFirst(
                    Query.query(Criteria.where("_id").is(conversationId).and("processInstanceKey").is(null)),
                    new Update().set("processInstanceKey", processInstanceKey),
                    Conversation.class)
                .getModifiedCount()
            == 1;
    if (linked) {
      return Outcome.LINKED;
    }
    Query byId = Query.query(Criteria.where("_id").is(conversationId));
    byId.fields().include("processInstanceKey");
    Conversation stored = mongo.findOne(byId, Conversation.class);
    if (stored == null) {
      return Outcome.NOT_STORED;
    }
    return Long.valueOf(processInstanceKey).equals(stored.getProcessInstanceKey())
        ? Outcome.LINKED
        : Outcome.OTHER_PROCESS_LINKED;
  }
}
