package dev.openlines.connector.email;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * How far each mailbox has been read: the highest IMAP UID handled, valid while the folder's
 * UIDVALIDITY stays the same. Mails are read by UID rather than by the \Seen flag, so a person
 * reading the mailbox in their own mail program takes nothing away from the operators.
 */
@Component
class MailboxState {

  private final MongoTemplate mongo;

  MailboxState(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** @return the last UID handled under this UIDVALIDITY, or -1 when the mailbox was never read (or was rebuilt) */
  long lastUid(String connectorId, long uidValidity) {
    Position position = mongo.findById(connectorId, Position.class);
    return position == null || position.uidValidity() != uidValidity ? -1 : position.lastUid();
  }

  void handled(String connectorId, long uidValidity, long uid) {
    Position position = mongo.findById(connectorId, Position.class);
    if (position != null && position.uidValidity() != uidValidity) {
      mongo.remove(Query.query(Criteria.where("_id").is(connectorId)), Position.class);
    }
    mongo.findAndModify(
        Query.query(Criteria.where("_id").is(connectorId)),
        new Update().set("uidValidity", uidValidity).max("lastUid", uid),
        FindAndModifyOptions.options().upsert(true),
        Position.class);
  }

  @Document("email_mailbox_positions")
  record Position(@Id String connectorId, long uidValidity, long lastUid) {}
}
