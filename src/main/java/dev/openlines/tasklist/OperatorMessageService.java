package dev.openlines.tasklist;

import dev.openlines.api.ConflictException;
import dev.openlines.api.ForbiddenException;
import dev.openlines.api.IdempotencyKeys;
import dev.openlines.api.InvalidRequestException;
import dev.openlines.api.NotFoundException;
import dev.openlines.conversation.ClientSilenceService;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.MessageAuthor;
import dev.openlines.conversation.MessageSendingService;
import dev.openlines.kpi.ResponseTimeService;
import dev.openlines.quickanswer.QuickAnswerService;
import dev.openlines.routing.RoutingService;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Messages operators write. A normal message is delivered to the client (at once, or by the background
 * retry while the messenger is down), counts as the reply for the response-time KPI and the chat limit,
 * and tells the process; a silent one is only stored.
 */
@Service
class OperatorMessageService {

  private static final Logger log = LoggerFactory.getLogger(OperatorMessageService.class);

  private final ConversationAccess access;
  private final ConversationMessageStore messages;
  private final MessageSendingService sending;
  private final QuickAnswerService quickAnswers;
  private final ResponseTimeService responseTimes;
  private final RoutingService routing;
  private final ConversationCommands commands;
  private final ClientSilenceService silence;
  private final java.time.Clock clock;
  private final dev.openlines.connector.ConnectorSettingsService connectors;
  private final dev.openlines.attachment.AttachmentUploads uploads;

  /** Connectors whose messenger sends files OpenLines keeps (live chat shows them, Telegram uploads them). */
  static final java.util.Set<String> FILE_CONNECTORS =
      java.util.Set.of(dev.openlines.connector.ConnectorTypes.LIVECHAT, dev.openlines.connector.ConnectorTypes.TELEGRAM);

  OperatorMessageService(
      ConversationAccess access,
      ConversationMessageStore messages,
      MessageSendingService sending,
      QuickAnswerService quickAnswers,
      ResponseTimeService responseTimes,
      RoutingService routing,
      ConversationCommands commands,
      ClientSilenceService silence,
      java.time.Clock clock,
      dev.openlines.connector.ConnectorSettingsService connectors,
      dev.openlines.attachment.AttachmentUploads uploads) {
    this.connectors = connectors;
    this.uploads = uploads;
    this.access = access;
    this.messages = messages;
    this.sending = sending;
    this.quickAnswers = quickAnswers;
    this.responseTimes = responseTimes;
    this.routing = routing;
    this.commands = commands;
    this.silence = silence;
    this.clock = clock;
  }

  /**
   * @param idempotencyKey the operator's name for this message, or null: the same key in the same conversation
   *     answers with the message the first request stored, which is delivered and counted once
   */
  ConversationMessage send(String conversationId, String operatorId, SendMessageRequest request, String idempotencyKey) {
    boolean hasText = request.text() != null && !request.text().isBlank();
    boolean hasQuickAnswer = request.quickAnswerId() != null && !request.quickAnswerId().isBlank();
    if (hasText == hasQuickAnswer) {
      throw new InvalidRequestException("text", "give either text or quickAnswerId, not both or neither");
    }
    String messageId = messageId(conversationId, operatorId, idempotencyKey);
    Optional<ConversationMessage> earlier = earlier(messageId, idempotencyKey);
    Conversation conversation;
    try {
      conversation = access.working(conversationId, operatorId);
    } catch (ConflictException | ForbiddenException movedOn) {
      String channelId = access.conversation(conversationId).getChannelId();
      return storedBefore(earlier, movedOn, sent -> requireSame(
          sent, hasText ? request.text() : quickAnswerText(channelId, request.quickAnswerId()), request.silent(), List.of(),
          idempotencyKey));
    }
    String text = hasText ? request.text() : quickAnswerText(conversation.getChannelId(), request.quickAnswerId());
    earlier.ifPresent(sent -> requireSame(sent, text, request.silent(), List.of(), idempotencyKey));
    Instant now = clock.instant();
    if (request.silent()) {
      sending.storeOperatorNote(conversationId, operatorId, messageId, text);
    } else if (deliver(conversation, operatorId, messageId, text, List.of())) {
      replied(conversationId, operatorId, messageId, now);
    }
    return messages.find(messageId).orElseThrow();
  }

  /**
   * The first text of a conversation the operator started, sent once it is theirs: delivered like any reply
   * of theirs (same outbound queue, same retries) and counted as their reply.
   */
  void sendFirstText(Conversation conversation, String operatorId, String messageId, String text) {
    if (deliver(conversation, operatorId, messageId, text, List.of())) {
      replied(conversation.getId(), operatorId, messageId, clock.instant());
    }
  }

  /**
   * A file (with an optional caption) to the client, within the limits of the conversation's connector; it counts
   * as the operator's reply like a text.
   */
  ConversationMessage sendFile(
      String conversationId, String operatorId, org.springframework.web.multipart.MultipartFile file, String caption,
      String idempotencyKey) {
    String messageId = messageId(conversationId, operatorId, idempotencyKey);
    Optional<ConversationMessage> earlier = earlier(messageId, idempotencyKey);
    String text = caption == null || caption.isBlank() ? "" : caption;
    Conversation conversation;
    try {
      conversation = access.working(conversationId, operatorId);
    } catch (ConflictException | ForbiddenException movedOn) {
      return storedBefore(earlier, movedOn, sent -> requireSame(sent, text, false, fileSizes(file), idempotencyKey));
    }
    if (!FILE_CONNECTORS.contains(conversation.getConnectorType())) {
      throw new ConflictException("Files can be sent to live-chat and Telegram conversations; this one is on "
          + conversation.getConnectorType() + ": send a text instead");
    }
    dev.openlines.connector.ConnectorSettings connector = connectors.find(conversation.getConnectorId(), conversation.getConnectorType())
        .orElseThrow(() -> new dev.openlines.api.ConflictException(
            "The connector " + conversation.getConnectorId() + " of this conversation is gone: nothing can be sent to the client"));
    // A repeat sends the file the first request stored, not a second copy of it.
    List<dev.openlines.connector.OutboundMessage.Attachment> files = earlier.isPresent()
        ? requireSame(earlier.get(), text, false, fileSizes(file), idempotencyKey).outgoingAttachments()
        : List.of(uploads.accept(file, connector));
    Instant now = clock.instant();
    if (deliver(conversation, operatorId, messageId, text, files)) {
      replied(conversationId, operatorId, messageId, now);
    }
    return messages.find(messageId).orElseThrow();
  }

  /**
   * The operator has answered: KPI clock, chat limit and process move on, and the conversation timeout waits for the
   * client's answer. A reply queued while the messenger is down counts too: it reaches the client once the messenger
   * is back, and the operator did their part.
   */
  private void replied(String conversationId, String operatorId, String messageId, Instant at) {
    responseTimes.operatorReplied(conversationId, operatorId, at);
    routing.operatorReplied(conversationId);
    commands.operatorReplied(conversationId, operatorId, messageId);
    silence.operatorReplied(conversationId);
  }

  /** With a key the id is the key's, so a repeat finds the first request's message; without one it is new. */
  private static String messageId(String conversationId, String operatorId, String idempotencyKey) {
    String name = idempotencyKey == null
        ? UUID.randomUUID().toString()
        : IdempotencyKeys.idFor(conversationId + "\n" + operatorId, idempotencyKey, "message");
    return conversationId + ":op:" + name;
  }

  private Optional<ConversationMessage> earlier(String messageId, String idempotencyKey) {
    return idempotencyKey == null ? Optional.empty() : messages.find(messageId);
  }

  /**
   * The answer to a repeated request whose conversation moved on (closed, transferred) after the first one stored its
   * message: that request was carried out, so the repeat gets its message, and nothing is sent or counted again (a
   * message its request never delivered goes out by itself, see AbandonedDeliveries). Anything else gets
   * {@code movedOn}.
   */
  private static ConversationMessage storedBefore(
      Optional<ConversationMessage> earlier, RuntimeException movedOn, UnaryOperator<ConversationMessage> sameRequest) {
    return sameRequest.apply(earlier.orElseThrow(() -> movedOn));
  }

  /** A key names one message: used again for another text, it is the client's mistake, and nothing is sent. */
  private static ConversationMessage requireSame(
      ConversationMessage earlier, String text, boolean silent, List<Long> fileSizes, String idempotencyKey) {
    // The operator may have corrected the text since; the key still names that message.
    boolean sameText = earlier.getEditedAt() != null || earlier.getText().equals(text);
    List<Long> earlierFiles = earlier.getAttachments().stream().map(ConversationMessage.StoredAttachment::size).toList();
    if (!sameText || earlier.isSilent() != silent || !earlierFiles.equals(fileSizes)) {
      throw new ConflictException("The " + IdempotencyKeys.HEADER + " '" + idempotencyKey + "' named another message of yours "
          + "in this conversation: send a new key with a new message. Nothing was sent");
    }
    return earlier;
  }

  /** The file of a repeat is told from another by its size (the name is made safe when stored). */
  private static List<Long> fileSizes(org.springframework.web.multipart.MultipartFile file) {
    return file == null ? List.of() : List.of(file.getSize());
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
   * Delivers at once when the messenger is up; while it is down the reply is queued (RETRYING) and the
   * background retry delivers it. A permanent refusal is recorded on the message (REFUSED) and not retried.
   *
   * @return whether the reply is delivered or on its way (false: refused for good)
   */
  private boolean deliver(
      Conversation conversation, String operatorId, String messageId, String text, List<dev.openlines.connector.OutboundMessage.Attachment> files) {
    try {
      sending.sendOperatorFiles(conversation, operatorId, messageId, text, files);
      return true;
    } catch (MessageSendingService.MessageRefusedException refused) {
      log.warn("Operator message {} of conversation {} refused: {}", messageId, conversation.getId(), refused.getMessage());
      return false;
    } catch (MessageSendingService.NoMessengerException misconfigured) {
      // Kept in the history with the reason, so the operator sees what happened to it.
      messages.storeOutgoingOnce(ConversationMessage.outgoing(
          messageId, conversation.getId(), MessageAuthor.OPERATOR, operatorId, text, false, files, clock.instant()));
      messages.markRefused(messageId, "no messenger serves connector type '" + conversation.getConnectorType() + "'");
      return false;
    }
  }
}
