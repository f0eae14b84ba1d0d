package dev.openlines.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * When each client last wrote on a connector. WhatsApp and the Messenger Platform allow free-form
 * replies only within 24 hours of the client's last message; this is kept by id, so the check
 * before every reply is one key lookup, not a search through the messages.
 */
@Component
public class MessagingWindows {

  /** The customer-service window of WhatsApp and the standard messaging window of Messenger and Instagram. */
  public static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofHours(24);

  private final MongoTemplate mongo;

  public MessagingWindows(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** Records a client message; an older one arriving late never moves the time back. */
  public void clientWrote(String connectorId, String clientId, Instant sentAt) {
    mongo.findAndModify(
        Query.query(Criteria.where("_id").is(key(connectorId, clientId))),
        new Update().max("lastClientMessageAt", sentAt),
        FindAndModifyOptions.options().upsert(true).returnNew(false),
        LastClientMessage.class);
  }

  public Optional<Instant> lastClientMessage(String connectorId, String clientId) {
    Query byId = Query.query(Criteria.where("_id").is(key(connectorId, clientId)));
    byId.fields().include("lastClientMessageAt");
    return Optional.ofNullable(mongo.findOne(byId, LastClientMessage.class)).map(LastClientMessage::lastClientMessageAt);
  }

  /** Whether the client wrote within {@code window} before {@code now}. */
  public boolean isOpen(String connectorId, String clientId, Duration window, Instant now) {
    return lastClientMessage(connectorId, clientId).map(last -> !last.plus(window).isBefore(now)).orElse(false);
  }

  private static String key(String connectorId, String clientId) {
    return connectorId + "\n" + clientId;
  }

  @Document("messaging_windows")
  record LastClientMessage(@Id String id, Instant lastClientMessageAt) {}
}
