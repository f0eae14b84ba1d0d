package dev.openlines.bot;

import dev.openlines.api.ApiException;
import dev.openlines.api.ConflictException;
import dev.openlines.api.ForbiddenException;
import dev.openlines.api.NotFoundException;
import dev.openlines.conversation.BotPhase;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationFacts;
import dev.openlines.conversation.DeliveryStatus;
import dev.openlines.conversation.MessageSendingService;
import dev.openlines.security.ApiKeyPrincipal;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What a chat bot may do with a conversation in the bot phase: write to the client, hand the conversation
 * to operators, close it. Anything else is 409: the conversation is not (or no longer) the bot's.
 */
@Service
class BotApiService {

  private final BotPhase phase;
  private final ConversationFacts facts;
  private final MessageSendingService sending;
  private final ConversationCommands commands;

  BotApiService(BotPhase phase, ConversationFacts facts, MessageSendingService sending, ConversationCommands commands) {
    this.phase = phase;
    this.facts = facts;
    this.sending = sending;
    this.commands = commands;
  }

  /**
   * A BOT key acts only on conversations of the open channels it was issued for, so one channel's bot cannot
   * answer or close another channel's clients. An unknown conversation is left to the action (404).
   *
   * @throws ForbiddenException when the conversation belongs to a channel the key does not serve
   */
  void requireServed(ApiKeyPrincipal caller, String conversationId) {
    facts.channelOf(conversationId)
        .filter(channelId -> !caller.servesChannel(channelId))
        .ifPresent(channelId -> {
          throw new ForbiddenException(
              "This API key does not serve channel '" + channelId + "' of conversation '" + conversationId
                  + "': use the key issued for that channel, or have an admin issue one that lists it in channelIds");
        });
  }

  /**
   * Delivers the bot's text through the conversation's connector, stored as a BOT message.
   *
   * @param botMessageId the bot's own id for this message: a retry with the same id sends nothing twice
   * @return the stored message's id and how far its delivery got
   */
  BotApiController.SentMessage send(String conversationId, String text, String botMessageId) {
    Conversation conversation = phase.open(conversationId).orElseThrow(() -> notTheBots(conversationId));
    String messageId = conversationId + ":bot:" + (botMessageId == null ? UUID.randomUUID() : botMessageId);
    DeliveryStatus delivery;
    try {
      delivery = sending.sendBotMessage(conversation, messageId, text);
    } catch (MessageSendingService.MessageRefusedException refused) {
      throw new BotApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, refused.getMessage() + "; the client cannot be reached this way");
    } catch (MessageSendingService.NoMessengerException unavailable) {
      throw new BotApiProblem(HttpStatus.SERVICE_UNAVAILABLE,
          "The message was not delivered (" + unavailable.getMessage() + "): send it again with the same messageId");
    }
    commands.botReplied(conversationId, messageId);
    return new BotApiController.SentMessage(messageId, delivery);
  }

  /** @param note for the operator who takes over (never shown to the client); may be null */
  void handOff(String conversationId, String note) {
    decide(conversationId, BotPhase.Decision.HAND_OFF);
    if (note != null && !note.isBlank()) {
      sending.storeBotNote(conversationId, conversationId + ":bot-note", note.strip());
    }
    commands.botHandedOff(conversationId);
  }

  void close(String conversationId) {
    decide(conversationId, BotPhase.Decision.CLOSE);
    commands.botClosed(conversationId);
  }

  private void decide(String conversationId, BotPhase.Decision decision) {
    switch (phase.decide(conversationId, decision)) {
      case DECIDED -> {}
      case NOT_WITH_BOT -> throw notTheBots(conversationId);
      case NO_SUCH_CONVERSATION -> throw NotFoundException.of("Conversation", conversationId);
    }
  }

  private ApiException notTheBots(String conversationId) {
    if (!phase.exists(conversationId)) {
      return NotFoundException.of("Conversation", conversationId);
    }
    String status = facts.statusOf(conversationId).map(Enum::name).orElse("unknown");
    return new ConflictException(
        "Conversation '" + conversationId + "' is not with the chat bot (status " + status
            + ", or the bot already handed it off or closed it): operators handle it now");
  }

  /** A problem answer of a status the shared exceptions do not cover. */
  static class BotApiProblem extends ApiException {
    BotApiProblem(HttpStatus status, String detail) {
      super(status, detail);
    }
  }
}
