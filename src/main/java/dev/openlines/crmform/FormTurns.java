package dev.openlines.crmform;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Whose turn it is on each form's list: a counter per form that only grows (the list position is the counter
 * modulo the list's length). Moved with a conditional update, so two submissions handled at once never take the
 * same turn. Kept apart from the form so that saving the form does not reset it.
 */
@Component
class FormTurns {

  static final String COLLECTION = "crm_form_turns";

  private final MongoTemplate mongo;

  FormTurns(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  long current(String formId) {
    Query byId = query(where("_id").is(formId));
    byId.fields().include("turn");
    Document turn = mongo.findOne(byId, Document.class, COLLECTION);
    if (turn == null) {
      try {
        mongo.insert(new Document("_id", formId).append("turn", 0L), COLLECTION);
      } catch (DuplicateKeyException concurrentFirst) {
        return current(formId);
      }
      return 0;
    }
    return ((Number) turn.get("turn")).longValue();
  }

  /** @return false when another submission moved the turn since {@code expected} was read */
  boolean advance(String formId, long expected, long next) {
    return mongo.updateFirst(query(where("_id").is(formId).and("turn").is(expected)), new Update().set("turn", next), COLLECTION)
        .getModifiedCount() == 1;
  }
}
