package dev.openlines.conversation;

import dev.openlines.api.ConflictException;
import dev.openlines.workflow.ProcessMessages;
import dev.openlines.workflow.Workflow;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The operator, supervisor and chat-bot actions that the conversation's process reacts to, sent through
 * {@link ProcessMessages} (which gives each its message id, time to live and way of travelling): a second
 * message with the same request id is dropped, so a client retrying a request does not act twice. A close
 * is queued (kept while the engine is away); the others are published at once, and one the engine did not
 * take fails ({@code EngineUnavailableException}).
 */
@Service
public class ConversationCommands {

  private final ProcessMessages messages;
  private final ConversationTransfers transfers;
  private final ConversationStatusService statuses;

  public ConversationCommands(ProcessMessages messages, ConversationTransfers transfers, ConversationStatusService statuses) {
    this.messages = messages;
    this.transfers = transfers;
    this.statuses = statuses;
  }

  /**
   * Stored before it is published: should the embedded runtime restart before the process has
   * finished the transfer, recovery finishes it.
   *
   * @param toOperatorId or {@code toChannelId}: exactly one is set
   */
  public void transfer(String conversationId, String byOperatorId, String toOperatorId, String toChannelId, String requestId) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(Workflow.Variable.ACTING_OPERATOR_ID, byOperatorId);
    // Both, the unused one as null: it overwrites the target of an earlier transfer in the process.
    variables.put(Workflow.Variable.TRANSFER_TO_OPERATOR_ID, toOperatorId);
    variables.put(Workflow.Variable.TRANSFER_TO_CHANNEL_ID, toChannelId);
    switch (transfers.requestedUnlessTakenOver(conversationId, byOperatorId, toOperatorId, toChannelId)) {
      case RECORDED -> {}
      case CLOSING -> throw closing(conversationId);
      case MARKED_AS_SPAM -> throw markedAsSpam(conversationId);
      case COLLEAGUE_IN_THE_WAY -> throw colleagueTakingOver(conversationId);
    }
    publishOrWithdraw(Workflow.Message.TRANSFER, conversationId, requestId, variables, () -> transfers.withdrawn(conversationId));
  }

  /** Refused while a transfer, another take-over, the close or a spam mark of the conversation is on its way to the process. */
  public void intercept(String conversationId, String operatorId, String requestId) {
    switch (transfers.takeOverRequested(conversationId, operatorId)) {
      case RECORDED -> {}
      case CLOSING -> throw closing(conversationId);
      case MARKED_AS_SPAM -> throw markedAsSpam(conversationId);
      case COLLEAGUE_IN_THE_WAY -> throw new ConflictException("Conversation " + conversationId
          + " is being transferred or taken over by a colleague right now: nothing was changed");
    }
    publishOrWithdraw(Workflow.Message.INTERCEPT, conversationId, requestId,
        Map.of(Workflow.Variable.INTERCEPTING_OPERATOR_ID, operatorId), () -> transfers.takeOverWithdrawn(conversationId));
  }

  public void operatorReplied(String conversationId, String operatorId, String messageId) {
    publish(Workflow.Message.OPERATOR_REPLIED, conversationId, messageId, Map.of(Workflow.Variable.OPERATOR_ID, operatorId));
  }

  /**
   * Queued: stored when this returns, delivered to the process by the outbox relay. From now on the
   * client's next message opens a new conversation ({@link ConversationStatusService#closeRequested}).
   */
  public void close(String conversationId, String byOperatorId, String requestId) {
    close(conversationId, byOperatorId, null, requestId);
  }

  /**
   * @param seenUpTo when the newest message the operator saw was stored: refused (nothing changes) when the
   *     client wrote after it; null to close whatever the client wrote
   */
  public void close(String conversationId, String byOperatorId, Instant seenUpTo, String requestId) {
    switch (statuses.closeRequestedByOperator(conversationId, seenUpTo, transfers.nothingElseOnItsWayFor(byOperatorId))) {
      case RECORDED -> {}
      case CLIENT_WROTE_AFTER -> throw new ConflictException("The client wrote after the message you saw (seenMessageId): show "
          + "their new message, then close again. Conversation " + conversationId + " was not changed");
      case SOMETHING_ELSE_ON_ITS_WAY -> throw transfers.whatIsInTheWay(conversationId) == ConversationTransfers.Claim.MARKED_AS_SPAM
          ? markedAsSpam(conversationId) : colleagueTakingOver(conversationId);
    }
    publish(Workflow.Message.CONVERSATION_CLOSED, conversationId, requestId, Map.of(Workflow.Variable.ACTING_OPERATOR_ID, byOperatorId));
  }

  /** The client stayed silent past the channel's conversation timeout: close as if the operator had. */
  public void closeForSilence(String conversationId, String requestId) {
    statuses.closeRequested(conversationId);
    publish(Workflow.Message.CONVERSATION_CLOSED, conversationId, requestId, Map.of());
  }

  /**
   * The close of a conversation whose process was recreated after a restart, again: it was accepted
   * ({@code closeRequestedAt}) and sent to the engine that died before the process had carried it out.
   * Once per engine run.
   */
  public void closeAgainAfterRestart(String conversationId, String engineRunId) {
    publish(Workflow.Message.CONVERSATION_CLOSED, conversationId, afterRestart(engineRunId, conversationId), Map.of());
  }

  /** Message ids are global (the outbox's command ids, the engine's message ids): the run alone would be one message. */
  private static String afterRestart(String engineRunId, String conversationId) {
    return "after-restart:" + engineRunId + ":" + conversationId;
  }

  /**
   * Stored, then published at once (503 while the engine is away, and the record withdrawn): should the engine stop
   * before the process has carried it out, recovery sends it again ({@link #spamAgainAfterRestart}). Refused while the
   * close or a colleague's take-over is on its way: the mark ends the conversation, and the other would never happen.
   */
  public void spam(String conversationId, String byOperatorId, String requestId) {
    switch (transfers.spamMarkRequested(conversationId, byOperatorId)) {
      case RECORDED, MARKED_AS_SPAM -> {}
      case CLOSING -> throw closing(conversationId);
      case COLLEAGUE_IN_THE_WAY -> throw colleagueTakingOver(conversationId);
    }
    publishOrWithdraw(Workflow.Message.SPAM, conversationId, requestId,
        Map.of(Workflow.Variable.ACTING_OPERATOR_ID, byOperatorId), () -> transfers.spamMarkWithdrawn(conversationId));
  }

  /** The spam mark of a conversation whose process was recreated after a restart, again; once per engine run. */
  public void spamAgainAfterRestart(String conversationId, String engineRunId, SpamRequest mark) {
    publish(Workflow.Message.SPAM, conversationId, afterRestart(engineRunId, conversationId),
        Map.of(Workflow.Variable.ACTING_OPERATOR_ID, mark.operatorId()));
  }

  /** A colleague's take-over of a conversation whose process was recreated after a restart, again; once per engine run. */
  public void takeOverAgainAfterRestart(String conversationId, String engineRunId, String operatorId) {
    publish(Workflow.Message.INTERCEPT, conversationId, afterRestart(engineRunId, conversationId),
        Map.of(Workflow.Variable.INTERCEPTING_OPERATOR_ID, operatorId));
  }

  /** The chat bot handed the conversation to the operators; once per conversation. */
  public void botHandedOff(String conversationId) {
    publish(Workflow.Message.BOT_HANDOFF, conversationId, conversationId, Map.of());
  }

  /** The chat bot closed the conversation; once per conversation. */
  public void botClosed(String conversationId) {
    publish(Workflow.Message.BOT_CLOSED, conversationId, conversationId, Map.of());
  }

  /** The chat bot sent the client the message {@code messageId}: its silence timeout starts again. */
  public void botReplied(String conversationId, String messageId) {
    publish(Workflow.Message.BOT_REPLIED, conversationId, messageId, Map.of());
  }

  /** The spam mark ends the process before it would act on anything else: a 202 would promise what never happens. */
  public static ConflictException markedAsSpam(String conversationId) {
    return new ConflictException("Conversation " + conversationId + " is being marked as spam: nothing was changed");
  }

  private static ConflictException colleagueTakingOver(String conversationId) {
    return new ConflictException("A colleague is taking conversation " + conversationId + " over right now: nothing was changed");
  }

  private static ConflictException closing(String conversationId) {
    return new ConflictException("Conversation " + conversationId + " is being closed: nothing was changed");
  }

  /** Published at once; a request the engine did not take (503) leaves no record that would keep others out. */
  private void publishOrWithdraw(
      String name, String conversationId, String requestId, Map<String, Object> variables, Runnable withdrawRecord) {
    try {
      publish(name, conversationId, requestId, variables);
    } catch (RuntimeException notPublished) {
      withdrawRecord.run();
      throw notPublished;
    }
  }

  private void publish(String name, String conversationId, String requestId, Map<String, Object> variables) {
    messages.send(name, conversationId, requestId, variables);
  }
}
