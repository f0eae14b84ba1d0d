package dev.openlines.connector.viber;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Whether a Viber user unsubscribed from the bot: Viber refuses messages to them (status 6), so a
 * reply is refused at once instead. The newest event wins, whatever order Viber delivers them in.
 */
@Component
class ViberSubscriptions {

  private final MongoTemplate mongo;

  ViberSubscriptions(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  void changed(String connectorId, String userId, boolean subscribed, Instant at) {
    Query olderOrNone = Query.query(Criteria.where("_id").is(key(connectorId, userId))
        .orOperator(Criteria.where("at").exists(false), Criteria.where("at").lte(at)));
    try {
      mongo.findAndModify(olderOrNone, new Update().set("subscribed", subscribed).set("at", at),
          FindAndModifyOptions.options().upsert(true), Subscription.class);
    } catch (org.springframework.dao.DuplicateKeyException newerKnown) {
      // A newer event was recorded: it decides.
    }
  }

  boolean unsubscribed(String connectorId, String userId) {
    Subscription subscription = mongo.findById(key(connectorId, userId), Subscription.class);
    return subscription != null && !subscription.subscribed();
  }

  private static String key(String connectorId, String userId) {
    return connectorId + "\n" + userId;
  }

  @Document("viber_subscriptions")
  record Subscription(@Id String id, boolean subscribed, Instant at) {}
}
