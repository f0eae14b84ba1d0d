package dev.openlines.conversation;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Stores an outgoing message and delivers it through the connector of its conversation, once per
 * message id however often the caller repeats it.
 *
 * <p>A messenger that is down never holds up the caller: a temporary failure (I/O, timeout, 5xx,
 * 429) stores the message as RETRYING, records it on the conversation, and queues it in the
 * {@link OutboundQueue}, from which {@link OutboundRetrier} delivers it later in the background. A new
 * message of a conversation that still has queued ones is queued behind them, so the client gets a
 * conversation's messages in the order they were written. A permanent failure (client blocked the bot,
 * chat gone) is REFUSED and never retried.
 */
@Service
public class MessageSendingService {

  private static final Logger log = LoggerFactory.getLogger(MessageSendingService.class);

  private final MongoTemplate mongo;
  private final ConversationMessageStore messages;
  private final ClientMessengers messengers;
  private final OutboundQueue queue;
  private final MessageDeliveryProperties properties;
  private final DeliveryMeters meters;
  private final Clock clock;
  /**
   * Connectors whose last attempt failed temporarily, by type/id. Only a shortcut (lost on restart,
   * per instance): the queue in the store is what guarantees delivery.
   */
  private final java.util.Map<String, Outage> outages = new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * Ids of the messages calls of this instance are delivering right now. A message stored but in none of them (nor
   * in the queue, nor claimed by another instance) is one whose delivering call died: a repeat delivers it.
   */
  private final java.util.Set<String> delivering = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final DeliveryClaims claims;

  public MessageSendingService(
      MongoTemplate mongo, ConversationMessageStore messages, ClientMessengers messengers, OutboundQueue queue,
      DeliveryClaims claims, MessageDeliveryProperties properties, DeliveryMeters meters, Clock clock) {
    this.claims = claims;
    this.meters = meters;
    this.mongo = mongo;
    this.messages = messages;
    this.messengers = messengers;
    this.queue = queue;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The id of the message a process step sends: the same for every delivery of that step's job.
   *
   * @param stepKey from {@link StepKeys#step}
   */
  public static String stepMessageId(String conversationId, String stepKey) {
    return conversationId + ":step:" + stepKey;
  }

  /**
   * Sends OpenLines' own text to the client of the conversation as the step {@code messageId}.
   *
   * @param address the conversation as {@link ConversationAddresses#find} reads it
   * @return DELIVERED, or PENDING / RETRYING when it waits in the queue for the messenger
   * @throws MessageRefusedException the messenger refused it for good (now or on an earlier delivery)
   * @throws NoMessengerException no messenger serves the conversation's connector type
   */
  public DeliveryStatus sendSystemMessage(Conversation address, String messageId, String text)
      throws MessageRefusedException, NoMessengerException {
    return send(address, messageId, MessageAuthor.SYSTEM, null, text, List.of());
  }

  /**
   * Sends the channel's rating request as the step {@code messageId}: messengers with buttons (Telegram)
   * show like and dislike under it, and a press is the client's rating.
   */
  public DeliveryStatus sendRatingRequest(Conversation address, String messageId, String text)
      throws MessageRefusedException, NoMessengerException {
    return send(address, ConversationMessage.outgoing(
        messageId, address.getId(), MessageAuthor.SYSTEM, null, text, false, List.of(), clock.instant()).asRatingRequest());
  }

  /**
   * Sends an operator's reply to the client of the conversation (what the operator API's "send" does),
   * once per {@code messageId} however often it is retried.
   */
  public DeliveryStatus sendOperatorMessage(Conversation address, String operatorId, String messageId, String text)
      throws MessageRefusedException, NoMessengerException {
    return send(address, messageId, MessageAuthor.OPERATOR, operatorId, text, List.of());
  }

  /** Sends an operator's files (with an optional caption) to the client, like {@link #sendOperatorMessage}. */
  public DeliveryStatus sendOperatorFiles(
      Conversation address, String operatorId, String messageId, String text, List<OutboundMessage.Attachment> files)
      throws MessageRefusedException, NoMessengerException {
    return send(address, messageId, MessageAuthor.OPERATOR, operatorId, text, files);
  }

  /**
   * Sends the chat bot's message to the client of the conversation, stored as a BOT message, once per
   * {@code messageId} however often the bot retries.
   */
  public DeliveryStatus sendBotMessage(Conversation address, String messageId, String text)
      throws MessageRefusedException, NoMessengerException {
    return send(address, messageId, MessageAuthor.BOT, null, text, List.of());
  }

  /** Stores the chat bot's note for the operators (never delivered to the client), once per {@code messageId}. */
  public void storeBotNote(String conversationId, String messageId, String text) {
    messages.storeOutgoingOnce(
        ConversationMessage.outgoing(messageId, conversationId, MessageAuthor.BOT, null, text, true, List.of(), clock.instant()));
  }

  /** Stores an operator's note for operators only: in the history, never delivered to the client. */
  public void storeOperatorNote(String conversationId, String operatorId, String messageId, String text) {
    messages.storeOutgoingOnce(
        ConversationMessage.outgoing(messageId, conversationId, MessageAuthor.OPERATOR, operatorId, text, true, List.of(), clock.instant()));
  }

  private DeliveryStatus send(
      Conversation address, String messageId, MessageAuthor author, String operatorId, String text, List<OutboundMessage.Attachment> files)
      throws MessageRefusedException, NoMessengerException {
    return send(address,
        ConversationMessage.outgoing(messageId, address.getId(), author, operatorId, text, false, files, clock.instant()));
  }

  private DeliveryStatus send(Conversation address, ConversationMessage message)
      throws MessageRefusedException, NoMessengerException {
    ClientMessenger messenger =
        messengers.forType(address.getConnectorType())
            .orElseThrow(() -> new NoMessengerException(address.getConnectorType()));
    String messageId = message.getId();
    boolean noCallHere = delivering.add(messageId);
    try {
      // An operator's message comes from a request nobody repeats for it when its process dies: claimed in the store
      // before it is stored, it is found and delivered when the claim runs out (AbandonedDeliveries).
      boolean claimed = message.getAuthor() == MessageAuthor.OPERATOR;
      Instant now = clock.instant();
      boolean first = noCallHere && (!claimed || claims.take(messageId, address.getId(), now, now.plus(properties.retryLease())));
      DeliveryStatus status;
      try {
        status = storeAndDeliver(address, message, messenger, first);
      } catch (MessageRefusedException refused) {
        releaseIf(first && claimed, messageId);
        throw refused;
      }
      // Not on an unexpected failure: the claim then runs out, and the message is delivered after all.
      releaseIf(first && claimed, messageId);
      return status;
    } finally {
      if (noCallHere) {
        delivering.remove(messageId);
      }
    }
  }

  private void releaseIf(boolean held, String messageId) {
    if (held) {
      claims.release(messageId);
    }
  }

  /** @param first no other call is delivering the same message right now */
  private DeliveryStatus storeAndDeliver(Conversation address, ConversationMessage message, ClientMessenger messenger, boolean first)
      throws MessageRefusedException {
    String messageId = message.getId();
    DeliveryStatus stored = messages.storeOutgoingOnce(message);
    switch (stored) {
      case DELIVERED -> {
        return DeliveryStatus.DELIVERED;
      }
      case REFUSED -> throw new MessageRefusedException(messageId, "refused on an earlier attempt");
      case NOT_SENT -> {
        return DeliveryStatus.NOT_SENT; // deleted by the operator before it went out: a repeat must not send it
      }
      default -> {}
    }
    if (queue.holds(address.getId(), messageId)) {
      return stored; // a repeated call: the queue delivers it
    }
    if (!first) {
      // A repeat (an operator's request sent again, here or on another instance) while the first call is still waiting
      // for the messenger, which has no idempotency key of its own: the first call delivers it, or queues it when the
      // messenger fails.
      return stored;
    }
    if (queue.hasWaiting(address.getId())) {
      // Behind the conversation's undelivered messages, so the client reads them in order.
      queue.append(address.getId(), messageId, clock.instant(), 0);
      return DeliveryStatus.PENDING;
    }
    Outage outage = outages.get(connectorKey(address));
    if (outage != null && clock.instant().isBefore(outage.until())) {
      // Its connector failed moments ago: queue at once instead of holding the caller for another
      // timeout. The background retry probes the connector and delivers once it answers.
      messages.markRetrying(messageId, outage.reason(), outage.until());
      queue.append(address.getId(), messageId, outage.until(), 0);
      return DeliveryStatus.RETRYING;
    }
    Attempt attempt = attempt(messenger, address, message);
    switch (attempt.outcome()) {
      case DELIVERED -> {
        return DeliveryStatus.DELIVERED;
      }
      case REFUSED -> throw new MessageRefusedException(messageId, attempt.failure().getMessage());
      default -> {
        Instant next = clock.instant().plus(properties.backoff(1, attempt.failure().retryAfter()));
        messages.markRetrying(messageId, attempt.failure().getMessage(), next);
        queue.append(address.getId(), messageId, next, 1);
        return DeliveryStatus.RETRYING;
      }
    }
  }

  /**
   * One delivery attempt, its outcome stored on the message (and, for a failure, on the conversation).
   * A RETRYING outcome leaves scheduling the next attempt to the caller.
   */
  Attempt attempt(ClientMessenger messenger, Conversation address, ConversationMessage message) {
    String messageId = message.getId();
    try {
      messenger.deliver(
          new OutboundMessage(messageId, address.getId(), address.getConnectorType(), address.getConnectorId(),
              address.getClientId(), message.getText(), message.outgoingAttachments(), message.isRatingRequest()));
    } catch (DeliveryException failure) {
      meters.failed(address.getConnectorType(), failure);
      if (!failure.permanent() && !failure.retryAfter().isPositive()) {
        // Unreachable or failing as a whole (I/O, timeout, 5xx); a 429 concerns one chat only.
        outages.put(connectorKey(address), new Outage(failure.getMessage(), clock.instant().plus(properties.retryBackoff())));
      }
      log.warn("Message {} of conversation {} not delivered ({}): {}", messageId, address.getId(),
          failure.permanent() ? "refused" : "will retry", failure.getMessage());
      recordFailure(address.getId(), messageId, failure.getMessage(), failure.permanent());
      if (failure.permanent()) {
        messages.markRefused(messageId, failure.getMessage());
        return new Attempt(DeliveryStatus.REFUSED, failure);
      }
      return new Attempt(DeliveryStatus.RETRYING, failure);
    }
    outages.remove(connectorKey(address));
    messages.markDelivered(messageId, clock.instant());
    clearFailure(address.getId(), messageId);
    return new Attempt(DeliveryStatus.DELIVERED, null);
  }

  private static String connectorKey(Conversation address) {
    return address.getConnectorType() + "/" + address.getConnectorId();
  }

  /** A connector's last attempt failed for now; new messages are queued without a try until {@code until}. */
  private record Outage(String reason, Instant until) {}

  /** @param failure null when delivered */
  record Attempt(DeliveryStatus outcome, DeliveryException failure) {}

  /** A message that could not be delivered is recorded on the conversation for operators and supervisors. */
  void recordFailure(String conversationId, String messageId, String reason, boolean permanent) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)),
        new Update().set("lastDeliveryFailure", new Conversation.DeliveryFailure(messageId, reason, permanent, clock.instant())),
        Conversation.class);
  }

  /** The message that last failed went out after all: the conversation no longer shows a failure. */
  private void clearFailure(String conversationId, String messageId) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId).and("lastDeliveryFailure.messageId").is(messageId)),
        new Update().unset("lastDeliveryFailure"),
        Conversation.class);
  }

  /** The messenger refused the message for good. */
  public static class MessageRefusedException extends Exception {
    public MessageRefusedException(String messageId, String reason) {
      super("Message " + messageId + " was refused: " + reason);
    }
  }

  /** No {@link ClientMessenger} bean serves that connector type: a deployment mistake. */
  public static class NoMessengerException extends Exception {
    public NoMessengerException(String connectorType) {
      super("No messenger for connector type '" + connectorType + "'");
    }
  }
}
