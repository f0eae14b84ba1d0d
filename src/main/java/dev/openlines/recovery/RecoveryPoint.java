package dev.openlines.recovery;

import dev.openlines.conversation.ConversationStatus;
import java.util.Optional;

/**
 * Where a recreated conversation process starts, by what the store says about the conversation: the
 * element of {@code bpmn/conversation.bpmn} that waits in that state. This is the one table that maps
 * stored states to model elements. A new waiting state in the model (or a renamed element) needs a row
 * here, otherwise conversations in that state are not recovered after a restart.
 *
 * <pre>
 * stored status         | operator assigned | transfer pending | rating wait running | start before element
 * NEW, WAITING, OFFERED | no, offer open    | -                | -                   | wait-for-one (the same operator; the idle
 *                       |   to one operator |                  |                     |   timer gets the offer's remaining time)
 * NEW, WAITING, OFFERED | no, offer open    | -                | -                   | wait-for-anyone (ALL: the same operators)
 *                       |   to everyone     |                  |                     |
 * NEW, WAITING, OFFERED | no, waits in the  | -                | -                   | operator-available (the drain after
 *                       |   queue           |                  |                     |   recovery wakes the longest-waiting first)
 * NEW, WAITING, OFFERED | no, no open offer | -                | -                   | find-operator (routing again; to the
 *                       |                   |                  |                     |   transfer's target when one is pending)
 * NEW                   | no, never routed, | -                | -                   | check-working-hours-again (held until
 *                       |   opening stored  |                  |                     |   the channel opens: the hours are read
 *                       |                   |                  |                     |   again, then it waits on or is served)
 * NEW, WAITING, OFFERED | yes               | -                | -                   | mark-in-progress (answered just before the restart)
 * WITH_BOT              | -                 | -                | -                   | wait-for-bot (timer on =botSilentUntil)
 * IN_PROGRESS           | -                 | no               | -                   | conversation-closed (waits for the close or a transfer;
 *                       |                   |                  |                     |   a running conversation timeout gets a new watch)
 * IN_PROGRESS           | -                 | yes              | -                   | give-up-for-transfer (asked before the restart,
 *                       |                   |                  |                     |   not yet routed: frees the holder, routes to the target)
 * CLOSED, client back   | -                 | -                | yes                 | reopen-for-operator (the client wrote during the wait)
 * CLOSED                | -                 | -                | yes                 | await-rating (timer on =ratingWaitEndsAt)
 * CLOSED                | -                 | -                | no                  | nothing: the process was over
 * SPAM                  | -                 | -                | -                   | nothing: spam ends the process
 * </pre>
 *
 * <p>Before all of these: a conversation an operator started whose first text is unsent (NEW to
 * IN_PROGRESS) starts before assign-to-starter, whose steps are safe to repeat up to the text.
 *
 * <p>Beside the element of the table, wait-for-first-reply is started too while the conversation has had no
 * operator reply and its first-reply deadline is stored ({@link #mayAwaitTheFirstReply}).
 *
 * <p>A pending transfer ({@link Conversation#getPendingTransfer()}) also gives the new instance its
 * target as the variables {@code transferToOperatorId} / {@code transferToChannelId}.
 */
public enum RecoveryPoint {
  ROUTING("find-operator"),
  HELD_UNTIL_OPENING("check-working-hours-again"),
  QUEUED("operator-available"),
  OFFERED_TO_ONE("wait-for-one"),
  OFFERED_TO_EVERYONE("wait-for-anyone"),
  ANSWERED("mark-in-progress"),
  BOT_WAIT("wait-for-bot"),
  IN_PROGRESS("conversation-closed"),
  TRANSFER("give-up-for-transfer"),
  RATING_WAIT("await-rating"),
  REOPEN("reopen-for-operator"),
  OPERATOR_START("assign-to-starter");

  private final String elementId;

  RecoveryPoint(String elementId) {
    this.elementId = elementId;
  }

  /** The id of the model element the new instance starts before. */
  public String elementId() {
    return elementId;
  }

  /** The row of the table above; empty when a conversation in that state has no process to recreate. */
  public static Optional<RecoveryPoint> of(StoredState state) {
    boolean open = state.status() != ConversationStatus.CLOSED && state.status() != ConversationStatus.SPAM;
    if (open && state.operatorStartPending()) {
      return Optional.of(OPERATOR_START);
    }
    return switch (state.status()) {
      case NEW, WAITING, OFFERED -> Optional.of(
          state.operatorAssigned() ? ANSWERED : switch (state.openOffer()) {
            case NONE -> state.waitsInQueue() ? QUEUED : state.heldUntilOpening() ? HELD_UNTIL_OPENING : ROUTING;
            case TO_ONE -> OFFERED_TO_ONE;
            case TO_EVERYONE -> OFFERED_TO_EVERYONE;
          });
      case WITH_BOT -> Optional.of(BOT_WAIT);
      case IN_PROGRESS -> Optional.of(state.transferPending() ? TRANSFER : IN_PROGRESS);
      case CLOSED -> !state.ratingWaitRunning() ? Optional.empty() : Optional.of(state.clientCameBack() ? REOPEN : RATING_WAIT);
      case SPAM -> Optional.empty();
    };
  }

  /** Whether the new instance starts inside "Find an operator", whose no-answer timer needs its time given. */
  public boolean waitsForAnOperator() {
    return this == ROUTING || this == QUEUED || this == OFFERED_TO_ONE || this == OFFERED_TO_EVERYONE;
  }

  /**
   * Whether the conversation's first-reply clock may still run beside this element (it starts once the client
   * may be served: after the chat bot, and after the wait for the channel's opening; it ends with the first reply
   * or the close).
   */
  public boolean mayAwaitTheFirstReply() {
    return waitsForAnOperator() || this == ANSWERED || this == IN_PROGRESS || this == TRANSFER;
  }

  /** Whether an offer waits for an answer, and from whom. */
  public enum OpenOffer {
    NONE,
    TO_ONE,
    TO_EVERYONE
  }

  /**
   * What the store says about a conversation, the columns of the table above.
   *
   * @param clientCameBack the client wrote during the rating wait and the process had not reopened yet
   * @param operatorStartPending an operator started the conversation and their first text is not sent yet
   * @param waitsInQueue routing found nobody for it and it waits for a freed slot, in queue order
   * @param heldUntilOpening it came outside working hours, was never routed and waits for the channel to open
   */
  public record StoredState(
      ConversationStatus status,
      boolean operatorAssigned,
      boolean transferPending,
      boolean ratingWaitRunning,
      boolean clientCameBack,
      OpenOffer openOffer,
      boolean operatorStartPending,
      boolean waitsInQueue,
      boolean heldUntilOpening) {

    public StoredState(ConversationStatus status, boolean operatorAssigned, boolean transferPending,
        boolean ratingWaitRunning, boolean clientCameBack, OpenOffer openOffer) {
      this(status, operatorAssigned, transferPending, ratingWaitRunning, clientCameBack, openOffer, false, false, false);
    }

    public static StoredState of(ConversationStatus status) {
      return new StoredState(status, false, false, false, false, OpenOffer.NONE);
    }

    public StoredState withOperatorStartPending() {
      return new StoredState(status, operatorAssigned, transferPending, ratingWaitRunning, clientCameBack, openOffer, true, waitsInQueue, heldUntilOpening);
    }

    public StoredState withOperator() {
      return new StoredState(status, true, transferPending, ratingWaitRunning, clientCameBack, openOffer, operatorStartPending, waitsInQueue, heldUntilOpening);
    }

    public StoredState withTransferPending() {
      return new StoredState(status, operatorAssigned, true, ratingWaitRunning, clientCameBack, openOffer, operatorStartPending, waitsInQueue, heldUntilOpening);
    }

    public StoredState withRatingWait() {
      return new StoredState(status, operatorAssigned, transferPending, true, clientCameBack, openOffer, operatorStartPending, waitsInQueue, heldUntilOpening);
    }

    public StoredState withClientBack() {
      return new StoredState(status, operatorAssigned, transferPending, ratingWaitRunning, true, openOffer, operatorStartPending, waitsInQueue, heldUntilOpening);
    }

    public StoredState withWaitInQueue() {
      return new StoredState(status, operatorAssigned, transferPending, ratingWaitRunning, clientCameBack, openOffer, operatorStartPending, true, heldUntilOpening);
    }

    public StoredState withHoldUntilOpening() {
      return new StoredState(status, operatorAssigned, transferPending, ratingWaitRunning, clientCameBack, openOffer, operatorStartPending, waitsInQueue, true);
    }

    public StoredState withOpenOffer(OpenOffer offer) {
      return new StoredState(status, operatorAssigned, transferPending, ratingWaitRunning, clientCameBack, offer, operatorStartPending, waitsInQueue, heldUntilOpening);
    }
  }
}
