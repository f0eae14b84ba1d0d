package dev.openlines.conversation.inbound;

import dev.openlines.channel.BotSettingsService;
import dev.openlines.conversation.ConversationFacts;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.RatingWaitService;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.ProcessMessages;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The process commands a stored client message queues in the outbox: its conversation's start, or the messages of a running one. */
@Component
class ProcessCommandsOfClientMessage {

  private final ProcessMessages processMessages;
  private final ConversationStartVariables startVariables;
  private final ConversationFacts conversations;
  private final BotSettingsService bots;
  private final RatingWaitService ratingWait;

  ProcessCommandsOfClientMessage(ProcessMessages processMessages, ConversationStartVariables startVariables,
      ConversationFacts conversations, BotSettingsService bots, RatingWaitService ratingWait) {
    this.processMessages = processMessages;
    this.startVariables = startVariables;
    this.conversations = conversations;
    this.bots = bots;
    this.ratingWait = ratingWait;
  }

  /**
   * Queues the conversation's start with this message, or, when another message's start is queued
   * already, this message as a {@code client-message} for the conversation.
   *
   * @return true when this message opens the conversation
   */
  boolean queue(ConversationMessage message, String priority) {
    boolean opens =
        processMessages.queueStartUnlessQueued(
            message.getConversationId(),
            message.getId(),
            startVariables.of(message, priority));
    if (!opens) {
      processMessages.queue(
            Workflow.Message.CLIENT_MESSAGE,
            message.getConversationId(),
            message.getId(),
          Map.of(Workflow.Variable.CLIENT_MESSAGE_ID, message.getId()));
      if (mayBeWithTheBot(message)) {
        // A second message: the engine correlates a message only once per process instance, and
        // "reply-watch" takes every client-message. Buffered for the TTL, so a message written during the
        // greeting reaches the bot as soon as its wait opens; after the bot phase it expires unused.
        processMessages.queue(
            Workflow.Message.BOT_CLIENT_MESSAGE,
            message.getConversationId(),
            message.getId(),
            Map.of(Workflow.Variable.CLIENT_MESSAGE_ID, message.getId()));
      }
      if (ratingWait.reopenRequested(message.getConversationId())) {
        // Waiting for its rating and asked to reopen: the process waits for this message to reopen it.
        processMessages.queue(
            Workflow.Message.CLIENT_RETURNED,
            message.getConversationId(),
            message.getId(),
            Map.of(Workflow.Variable.CLIENT_MESSAGE_ID, message.getId()));
      }
    }
    return opens;
  }

  /** Before or in the bot phase of a channel whose chat bot is on. */
  private boolean mayBeWithTheBot(ConversationMessage message) {
    return conversations.statusOf(message.getConversationId())
            .filter(status -> status == ConversationStatus.NEW || status == ConversationStatus.WITH_BOT)
            .isPresent()
        && bots.of(message.getChannelId()).enabled();
  }
}
