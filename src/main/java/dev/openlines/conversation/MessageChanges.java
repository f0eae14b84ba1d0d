package dev.openlines.conversation;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.MessageChange;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Passes an operator's edit or deletion of their message on to the client's messenger where it can
 * change a sent message (Telegram, live chat); elsewhere the change stays in the history only.
 *
 * <p>A change goes through the conversation's {@link OutboundQueue} like a message: behind the
 * conversation's undelivered messages (so an edit never overtakes the message it changes), tried at once
 * when nothing waits, retried by {@link OutboundRetrier} with the same backoff after a temporary failure,
 * and recorded REFUSED after a permanent one or once {@code give-up-after} has passed. Its queue entry is
 * {@value #QUEUED_PREFIX} + the change id; the change itself is kept in {@value #COLLECTION}.
 */
@Service
public class MessageChanges {

  static final String COLLECTION = "messageChanges";
  static final String QUEUED_PREFIX = "change:";
  private static final Logger log = LoggerFactory.getLogger(MessageChanges.class);

  private final MongoTemplate mongo;
  private final ConversationAddresses addresses;
  private final ClientMessengers messengers;
  private final OutboundQueue queue;
  private final MessageDeliveryProperties properties;
  private final Clock clock;

  public MessageChanges(
      MongoTemplate mongo, ConversationAddresses addresses, ClientMessengers messengers, OutboundQueue queue,
      MessageDeliveryProperties properties, Clock clock) {
    this.mongo = mongo;
    this.addresses = addresses;
    this.messengers = messengers;
    this.queue = queue;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * A change on its way to the client.
   *
   * @param delivery PENDING, RETRYING, DELIVERED or REFUSED
   */
  @Document(COLLECTION)
  record PendingChange(
      @Id String id, String conversationId, String messageId, MessageChange.Kind kind, String text, Instant createdAt,
      DeliveryStatus delivery, String error) {}

  /** The operator's message got a new text (already stored). */
  public void edited(String conversationId, String messageId, String text, Instant at) {
    pass(conversationId, messageId, MessageChange.Kind.EDIT, text, at);
  }

  /** The operator's message was deleted (already marked in the store). */
  public void deleted(String conversationId, String messageId, Instant at) {
    pass(conversationId, messageId, MessageChange.Kind.DELETE, null, at);
  }

  /** Whether this queue entry is a change rather than a message. */
  static boolean isQueuedChange(String queuedId) {
    return queuedId.startsWith(QUEUED_PREFIX);
  }

  private void pass(String conversationId, String messageId, MessageChange.Kind kind, String text, Instant at) {
    Optional<Conversation> address = addresses.find(conversationId);
    Optional<ClientMessenger> messenger = address.flatMap(a -> messengers.forType(a.getConnectorType()));
    if (messenger.isEmpty() || !messenger.get().carriesChanges()) {
      return; // this messenger cannot change what the client got: the history has the change
    }
    String changeId = messageId + ":" + kind.name().toLowerCase() + ":" + at.toEpochMilli();
    try {
      mongo.insert(new PendingChange(changeId, conversationId, messageId, kind, text, clock.instant(), DeliveryStatus.PENDING, null));
    } catch (DuplicateKeyException again) {
      return; // the same change was passed on already
    }
    String queued = QUEUED_PREFIX + changeId;
    if (queue.hasWaiting(conversationId)) {
      queue.append(conversationId, queued, clock.instant(), 0);
      return;
    }
    DeliveryException failure = attempt(messenger.get(), address.get(), changeId);
    if (failure != null && !failure.permanent()) {
      Instant next = clock.instant().plus(properties.backoff(1, failure.retryAfter()));
      mark(changeId, DeliveryStatus.RETRYING, failure.getMessage());
      queue.append(conversationId, queued, next, 1);
    }
  }

  /**
   * For {@link OutboundRetrier}: one more try of the queued change.
   *
   * @return null when it is done with (delivered or refused), else the failure it waits out
   */
  DeliveryException retry(String conversationId, String queuedId, int failuresSoFar) {
    String changeId = queuedId.substring(QUEUED_PREFIX.length());
    PendingChange change = find(changeId);
    Optional<Conversation> address = addresses.find(conversationId);
    if (change == null || change.delivery() == DeliveryStatus.DELIVERED || change.delivery() == DeliveryStatus.REFUSED
        || address.isEmpty()) {
      return null;
    }
    Optional<ClientMessenger> messenger = messengers.forType(address.get().getConnectorType());
    if (messenger.isEmpty()) {
      mark(changeId, DeliveryStatus.REFUSED, "no messenger serves this conversation's connector any more");
      return null;
    }
    DeliveryException failure = attempt(messenger.get(), address.get(), changeId);
    if (failure == null || failure.permanent()) {
      return null;
    }
    Instant now = clock.instant();
    if (change.createdAt() != null && now.isAfter(change.createdAt().plus(properties.giveUpAfter()))) {
      mark(changeId, DeliveryStatus.REFUSED, "not delivered within " + properties.giveUpAfter() + ": " + failure.getMessage());
      return null;
    }
    int failures = failuresSoFar + 1;
    mark(changeId, DeliveryStatus.RETRYING, failure.getMessage());
    queue.retryLater(conversationId, now.plus(properties.backoff(failures, failure.retryAfter())), failures);
    return failure;
  }

  /** @return null when delivered or refused for good (recorded), else the temporary failure */
  private DeliveryException attempt(ClientMessenger messenger, Conversation address, String changeId) {
    PendingChange change = find(changeId);
    try {
      messenger.change(new MessageChange(changeId, change.kind(), change.messageId(), address.getId(),
          address.getConnectorType(), address.getConnectorId(), address.getClientId(), change.text()));
    } catch (DeliveryException failure) {
      log.warn("Change {} of conversation {} not passed on ({}): {}", changeId, address.getId(),
          failure.permanent() ? "refused" : "will retry", failure.getMessage());
      if (failure.permanent()) {
        mark(changeId, DeliveryStatus.REFUSED, failure.getMessage());
        return null;
      }
      return failure;
    }
    mark(changeId, DeliveryStatus.DELIVERED, null);
    return null;
  }

  private PendingChange find(String changeId) {
    Query byId = Query.query(Criteria.where("_id").is(changeId));
    byId.fields().include("conversationId", "messageId", "kind", "text", "createdAt", "delivery");
    return mongo.findOne(byId, PendingChange.class);
  }

  private void mark(String changeId, DeliveryStatus status, String error) {
    Update update = new Update().set("delivery", status);
    mongo.updateFirst(Query.query(Criteria.where("_id").is(changeId)),
        error == null ? update.unset("error") : update.set("error", error), PendingChange.class);
  }
}
