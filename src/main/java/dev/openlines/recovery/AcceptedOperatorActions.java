package dev.openlines.recovery;

import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationTransfers;
import dev.openlines.conversation.SpamRequest;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.outbox.ProcessCommandOutbox;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An operator's close, spam mark or colleague's take-over answered 202 is a promise. When the engine that took it
 * died before the process carried it out, or the new engine got it before recovery had recreated the conversation's
 * process, the recreated process waits as before the action: each is sent again to it, before the instance exists,
 * so the engine keeps it until the recreated wait takes it.
 */
@Component
class AcceptedOperatorActions {

  private static final Logger log = LoggerFactory.getLogger(AcceptedOperatorActions.class);

  private final ConversationCommands commands;
  private final ProcessCommandOutbox outbox;
  private final ConversationTransfers transfers;

  AcceptedOperatorActions(ConversationCommands commands, ProcessCommandOutbox outbox, ConversationTransfers transfers) {
    this.commands = commands;
    this.outbox = outbox;
    this.transfers = transfers;
  }

  /**
   * @param conversation an open one, as recovery claimed it
   * @param holderId who holds it now by routing's record, or null
   */
  void sendAgain(Conversation conversation, String holderId, String engineRunId, Instant engineStartedAt) {
    String conversationId = conversation.getId();
    if (conversation.getCloseRequestedAt() != null) {
      closeAgain(conversationId, engineRunId, engineStartedAt);
    }
    if (conversation.getSpamRequest() != null) {
      spamAgain(conversationId, engineRunId, conversation.getSpamRequest());
    }
    // A close or spam mark ends the conversation first; a transfer is carried out by the recreated process itself.
    boolean endingOrMoving = conversation.getCloseRequestedAt() != null || conversation.getSpamRequest() != null
        || conversation.getPendingTransfer() != null;
    if (!endingOrMoving && conversation.getTakeOverRequestedAt() != null && conversation.getLastTakeOver() != null) {
      takeOverAgain(conversationId, conversation.getLastTakeOver(), holderId, engineRunId);
    }
  }

  /**
   * The outbox marked the close sent (to the engine that died). A close that still waits in the outbox, or went to
   * this engine before recovery reached the conversation, is sent again under its own id (this engine may have let it
   * expire; if not, it refuses the copy); else a new one is queued. Never two under different ids: a second would stay
   * buffered and could close the conversation again after a reopen.
   */
  private void closeAgain(String conversationId, String engineRunId, Instant engineStartedAt) {
    if (outbox.sendAgainIfQueuedOrSentSince(conversationId, Workflow.Message.CONVERSATION_CLOSED, engineStartedAt)) {
      log.info("Conversation {}: the close accepted since the restart is delivered again to the recreated process", conversationId);
      return;
    }
    commands.closeAgainAfterRestart(conversationId, engineRunId);
    log.info("Conversation {}: the close accepted before the restart is delivered again to the recreated process", conversationId);
  }

  /**
   * Published at once, not queued: a mark taken before this engine started went to the engine that died, and one
   * taken since then went to this engine before recovery reached the conversation, which kept it only for its time to
   * live. Should that copy still be kept, both reach the recreated process; the first ends it, the second expires.
   */
  private void spamAgain(String conversationId, String engineRunId, SpamRequest mark) {
    commands.spamAgainAfterRestart(conversationId, engineRunId, mark);
    log.info("Conversation {}: the accepted spam mark is delivered again to the recreated process", conversationId);
  }

  /**
   * Published at once like the spam mark, and sent again for the same reasons (a second hand-over to the same colleague
   * changes nothing). One the process carried out but did not record as done left the colleague holding the
   * conversation: only its record is cleared then, so that it no longer keeps transfers out.
   */
  private void takeOverAgain(String conversationId, Conversation.TakeOver takeOver, String holderId, String engineRunId) {
    if (holderId == null || holderId.equals(takeOver.by())) {
      transfers.takeOverDone(conversationId);
      return;
    }
    commands.takeOverAgainAfterRestart(conversationId, engineRunId, takeOver.by());
    log.info("Conversation {}: the accepted take-over by {} is delivered again to the recreated process",
        conversationId, takeOver.by());
  }
}
