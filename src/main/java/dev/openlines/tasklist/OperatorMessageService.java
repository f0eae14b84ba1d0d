package dev.openlines.tasklist;

import dev.openlines.api.InvalidRequestException;
import dev.openlines.api.NotFoundException;
import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.ClientMessengers;
import dev.openlines.conversation.ClientSilenceService;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.MessageAuthor;
import dev.openlines.kpi.ResponseTimeService;
import dev.openlines.quickanswer.QuickAnswerService;
import dev.openlines.routing.RoutingService;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Messages operators write. A normal message is delivered to the client at once, counts as the reply
 * for the response-time KPI and the chat limit, and tells the process; a silent one is only stored.
 */
@Service
class OperatorMessageService {

  private static final Logger log = LoggerFactory.getLogger(OperatorMessageService.class);

  private final ConversationAccess access;
  private final ConversationMessageStore messages;
  private final ClientMessengers messengers;
  private final QuickAnswerService quickAnswers;
  private final ResponseTimeService responseTimes;
  private final RoutingService routing;
  private final ConversationCommands commands;
  private final ClientSilenceService silence;
  private final java.time.Clock clock;

  OperatorMessageService(
      ConversationAccess access,
      ConversationMessageStore messages,
      ClientMessengers messengers,
      QuickAnswerService quickAnswers,
      ResponseTimeService responseTimes,
      RoutingService routing,
      ConversationCommands commands,
      ClientSilenceService silence,
      java.time.Clock clock) {
    this.access = access;
    this.messages = messages;
    this.messengers = messengers;
    this.quickAnswers = quickAnswers;
    this.responseTimes = responseTimes;
    this.routing = routing;
    this.commands = commands;
    this.silence = silence;
    this.clock = clock;
  }

  ConversationMessage send(String conversationId, String operatorId, SendMessageRequest request) {
    boolean hasText = request.text() != null && !request.text().isBlank();
    boolean hasQuickAnswer = request.quickAnswerId() != null && !request.quickAnswerId().isBlank();
    if (hasText == hasQuickAnswer) {
      throw new InvalidRequestException("text", "give either text or quickAnswerId, not both or neither");
    }
    Conversation conversation = access.working(conversationId, operatorId);
    String text = hasText ? request.text() : quickAnswerText(conversation.getChannelId(), request.quickAnswerId());
    Instant now = clock.instant();
    String messageId = conversationId + ":op:" + UUID.randomUUID();
    var message =
        ConversationMessage.outgoing(
            messageId, conversationId, MessageAuthor.OPERATOR, operatorId, text, request.silent(), List.of(), now);
    messages.storeOutgoingOnce(message);
    if (request.silent()) {
      return message;
    }
    if (deliver(conversation, messageId, text)) {
      // Only a reply the client got answers them: KPI clock, chat limit and process move on, and the
      // conversation timeout waits for the client's answer.
      responseTimes.operatorReplied(conversationId, operatorId, now);
      routing.operatorReplied(conversationId);
      commands.operatorReplied(conversationId, operatorId, messageId);
      silence.operatorReplied(conversationId);
    }
    return messages.find(messageId).orElseThrow();
  }

  private String quickAnswerText(String channelId, String quickAnswerId) {
    try {
      return quickAnswers.get(channelId, quickAnswerId).text();
    } catch (NotFoundException missing) {
      throw new InvalidRequestException(
          "quickAnswerId", "no quick answer '" + quickAnswerId + "' in channel '" + channelId + "'");
    }
  }

  /**
   * Operator messages are delivered once, while the operator waits: a failure, temporary or not, is
   * recorded on the message as REFUSED with the reason (nothing retries it), and the operator may send again.
   *
   * @return whether the client got it
   */
  private boolean deliver(Conversation conversation, String messageId, String text) {
    ClientMessenger messenger = messengers.forType(conversation.getConnectorType()).orElse(null);
    if (messenger == null) {
      messages.markRefused(messageId, "no messenger serves connector type '" + conversation.getConnectorType() + "'");
      return false;
    }
    try {
      messenger.deliver(
          new OutboundMessage(messageId, conversation.getId(), conversation.getConnectorType(), conversation.getConnectorId(),
              conversation.getClientId(), text, List.of()));
      messages.markDelivered(messageId, clock.instant());
      return true;
    } catch (DeliveryException failure) {
      log.warn("Operator message {} of conversation {} not delivered: {}", messageId, conversation.getId(), failure.getMessage());
      messages.markRefused(
          messageId, failure.permanent() ? failure.getMessage() : "not delivered, send again: " + failure.getMessage());
      return false;
    }
  }
}
