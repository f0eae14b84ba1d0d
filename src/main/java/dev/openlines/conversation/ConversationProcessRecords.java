package dev.openlines.conversation;

import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Which process instance is the conversation's process, as recorded on the conversation. */
@Component
public class ConversationProcessRecords {

  private final MongoTemplate mongo;

  ConversationProcessRecords(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /**
   * Records the instance as the conversation's process unless one is recorded already: one conditional
   * update, so two instances linking at the same time cannot both win.
   *
   * @return the conversation's process after this call (this instance, also when it had linked itself
   *     before, or the one that linked first); empty when no such conversation is stored
   */
  public Optional<Long> linkProcess(String conversationId, long processInstanceKey) {
    boolean linked =
        mongo
                .updateFirst(
                    Query.query(Criteria.where("_id").is(conversationId).and("processInstanceKey").is(null)),
                    new Update().set("processInstanceKey", processInstanceKey),
                    Conversation.class)
                .getModifiedCount()
            == 1;
    if (linked) {
      return Optional.of(processInstanceKey);
    }
    Query byId = Query.query(Criteria.where("_id").is(conversationId));
    byId.fields().include("processInstanceKey");
    return Optional.ofNullable(mongo.findOne(byId, Conversation.class)).map(Conversation::getProcessInstanceKey);
  }
}
