package dev.openlines.conversation;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import java.time.Clock;
import java.util.List;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Stores an outgoing message and delivers it through the connector of its conversation, at most
 * once per sending step however often the step's job is delivered.
 */
@Service
public class MessageSendingService {

  private final MongoTemplate mongo;
  private final ConversationMessageStore messages;
  private final ClientMessengers messengers;
  private final Clock clock;

  public MessageSendingService(MongoTemplate mongo, ConversationMessageStore messages, ClientMessengers messengers, Clock clock) {
    this.mongo = mongo;
    this.messages = messages;
    this.messengers = messengers;
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
   *
   * @return the message id
   * @throws MessageRefusedException the messenger refused it for good (now or on an earlier delivery)
   * @throws DeliveryException a temporary failure: try again later
   * @throws NoMessengerException no messenger serves the conversation's connector type
   */
  public String sendSystemMessage(Conversation address, String messageId, String text)
      throws DeliveryException, MessageRefusedException, NoMessengerException {
    return send(address, messageId, MessageAuthor.SYSTEM, null, text);
  }

  /**
   * Sends an operator's reply to the client of the conversation (what the operator API's "send" does),
   * at most once per {@code messageId} however often it is retried.
   */
  public String sendOperatorMessage(Conversation address, String operatorId, String messageId, String text)
      throws DeliveryException, MessageRefusedException, NoMessengerException {
    return sendOperatorMessage(address, operatorId, messageId, text, false);
  }

  /**
   * Sends the chat bot's message to the client of the conversation, stored as a BOT message, at most once
   * per {@code messageId} however often the bot retries.
   */
  public String sendBotMessage(Conversation address, String messageId, String text)
      throws DeliveryException, MessageRefusedException, NoMessengerException {
    return send(address, messageId, MessageAuthor.BOT, null, text);
  }

  /** Stores the chat bot's note for the operators (never delivered to the client), once per {@code messageId}. */
  public void storeBotNote(String conversationId, String messageId, String text) {
    messages.storeOutgoingOnce(
        ConversationMessage.outgoing(messageId, conversationId, MessageAuthor.BOT, null, text, true, List.of(), clock.instant()));
  }

  /** @param silent a note for operators only: stored in the history, never delivered to the client */
  public String sendOperatorMessage(Conversation address, String operatorId, String messageId, String text, boolean silent)
      throws DeliveryException, MessageRefusedException, NoMessengerException {
    if (silent) {
      messages.storeOutgoingOnce(
          ConversationMessage.outgoing(messageId, address.getId(), MessageAuthor.OPERATOR, operatorId, text, true, List.of(), clock.instant()));
      return messageId;
    }
    return send(address, messageId, MessageAuthor.OPERATOR, operatorId, text);
  }

  private String send(Conversation address, String messageId, MessageAuthor author, String operatorId, String text)
      throws DeliveryException, MessageRefusedException, NoMessengerException {
    ClientMessenger messenger =
        messengers.forType(address.getConnectorType())
            .orElseThrow(() -> new NoMessengerException(address.getConnectorType()));
    var message =
        ConversationMessage.outgoing(messageId, address.getId(), author, operatorId, text, false, List.of(), clock.instant());
    switch (messages.storeOutgoingOnce(message)) {
      case DELIVERED -> {
        return messageId;
      }
      case REFUSED -> throw new MessageRefusedException(messageId, "refused on an earlier attempt");
      default -> {}
    }
    try {
      messenger.deliver(
          new OutboundMessage(messageId, address.getId(), address.getConnectorType(), address.getConnectorId(),
              address.getClientId(), text, List.of()));
    } catch (DeliveryException failure) {
      if (failure.permanent()) {
        messages.markRefused(messageId, failure.getMessage());
        recordFailure(address.getId(), messageId, failure.getMessage(), true);
        throw new MessageRefusedException(messageId, failure.getMessage());
      }
      messages.markRetrying(messageId, failure.getMessage());
      throw failure;
    }
    messages.markDelivered(messageId, clock.instant());
    return messageId;
  }

  /** The retries of a temporary failure ran out: supervisors see it on the conversation. */
  public void recordGaveUp(String conversationId, String messageId, String reason) {
    recordFailure(conversationId, messageId, reason, false);
  }

  private void recordFailure(String conversationId, String messageId, String reason, boolean permanent) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)),
        new Update().set("lastDeliveryFailure", new Conversation.DeliveryFailure(messageId, reason, permanent, clock.instant())),
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
