package dev.openlines.connector.telegram;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

/**
 * Which parts of outbound messages Telegram has accepted. The Bot API has no idempotency key, so
 * this is what keeps a retried send job from repeating a part the client already received.
 */
@Component
class TelegramDeliveries {

  private final MongoTemplate mongo;
  private final Clock clock;

  TelegramDeliveries(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  boolean delivered(String part) {
    return mongo.exists(org.springframework.data.mongodb.core.query.Query.query(
        org.springframework.data.mongodb.core.query.Criteria.where("_id").is(part)), Delivered.class);
  }

  /** The id Telegram gave the part when it accepted it. */
  Optional<Long> telegramMessageId(String part) {
    org.springframework.data.mongodb.core.query.Query byId = org.springframework.data.mongodb.core.query.Query.query(
        org.springframework.data.mongodb.core.query.Criteria.where("_id").is(part));
    byId.fields().include("telegramMessageId");
    return Optional.ofNullable(mongo.findOne(byId, Delivered.class)).map(Delivered::telegramMessageId);
  }

  void record(String part, long telegramMessageId) {
    try {
      mongo.insert(new Delivered(part, telegramMessageId, clock.instant()));
    } catch (DuplicateKeyException sentConcurrently) {
      // Recorded by a concurrent attempt; nothing to add.
    }
  }

  @Document("telegram_deliveries")
  record Delivered(@Id String part, long telegramMessageId, Instant deliveredAt) {}
}
