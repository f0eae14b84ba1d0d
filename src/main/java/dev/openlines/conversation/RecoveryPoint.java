package dev.openlines.conversation;

import java.util.Optional;

/**
 * Where a recreated conversation process starts, by what the store says about the conversation: the
 * element of {@code bpmn/conversation.bpmn} that waits in that state. This is the one table that maps
 * stored states to model elements. A new waiting state in the model (or a renamed element) needs a row
 * here, otherwise conversations in that state are not recovered after a restart.
 *
 * <pre>
 * stored status         | operator assigned | rating wait running | start before element
 * NEW, WAITING, OFFERED | no                | -                   | find-operator (routing again, also after a transfer)
 * NEW, WAITING, OFFERED | yes               | -                   | mark-in-progress (answered just before the restart)
 * WITH_BOT              | -                 | -                   | wait-for-bot (timer on =botSilentUntil)
 * IN_PROGRESS           | -                 | -                   | conversation-closed (waits for the close or a transfer;
 *                       |                   |                     |   a running conversation timeout gets a new watch)
 * CLOSED, client back   | -                 | yes                 | reopen-for-operator (the client wrote during the wait)
 * CLOSED                | -                 | yes                 | await-rating (timer on =ratingWaitEndsAt)
 * CLOSED                | -                 | no                  | nothing: the process was over
 * SPAM                  | -                 | -                   | nothing: spam ends the process
 * </pre>
 */
public enum RecoveryPoint {
  ROUTING("find-operator"),
  ANSWERED("mark-in-progress"),
  BOT_WAIT("wait-for-bot"),
  IN_PROGRESS("conversation-closed"),
  RATING_WAIT("await-rating"),
  REOPEN("reopen-for-operator");

  private final String elementId;

  RecoveryPoint(String elementId) {
    this.elementId = elementId;
  }

  /** The id of the model element the new instance starts before. */
  public String elementId() {
    return elementId;
  }

  /** The row of the table above; empty when a conversation in that state has no process to recreate. */
  public static Optional<RecoveryPoint> of(ConversationStatus status, boolean operatorAssigned, boolean ratingWaitRunning) {
    return of(status, operatorAssigned, ratingWaitRunning, false);
  }

  /** @param clientCameBack the client wrote during the rating wait and the process had not reopened yet */
  public static Optional<RecoveryPoint> of(
      ConversationStatus status, boolean operatorAssigned, boolean ratingWaitRunning, boolean clientCameBack) {
    return switch (status) {
      case NEW, WAITING, OFFERED -> Optional.of(operatorAssigned ? ANSWERED : ROUTING);
      case WITH_BOT -> Optional.of(BOT_WAIT);
      case IN_PROGRESS -> Optional.of(IN_PROGRESS);
      case CLOSED -> !ratingWaitRunning ? Optional.empty() : Optional.of(clientCameBack ? REOPEN : RATING_WAIT);
      case SPAM -> Optional.empty();
    };
  }
}
