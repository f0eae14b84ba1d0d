package dev.openlines.kpi;

import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/** Supervisors' notification inboxes; index {@code recipient_created} serves the inbox query. */
@Repository
public class SupervisorNotificationStore {

  private final MongoTemplate mongo;

  public SupervisorNotificationStore(MongoTemplate mongo) {
    this.mongo = mongo;
    mongo.indexOps(SupervisorNotification.class)
        .createIndex(new Index().on("recipientId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC).named("recipient_created"));
  }

  /** @return false when a notification with that id was stored before */
  public boolean storeOnce(SupervisorNotification notification) {
    try {
      mongo.insert(notification);
      return true;
    } catch (DuplicateKeyException alreadyStored) {
      return false;
    }
  }

  /** Newest first. */
  public List<SupervisorNotification> inbox(String recipientId) {
    return mongo.find(
        Query.query(Criteria.where("recipientId").is(recipientId)).with(Sort.by(Sort.Direction.DESC, "createdAt")),
        SupervisorNotification.class);
  }

  public boolean markRead(String notificationId, String recipientId, Instant at) {
    return mongo.updateFirst(
            Query.query(Criteria.where("_id").is(notificationId).and("recipientId").is(recipientId).and("readAt").exists(false)),
            new Update().set("readAt", at),
            SupervisorNotification.class)
        .getMatchedCount() == 1;
  }
}
