package dev.openlines.conversation;

import java.util.EnumSet;
import java.util.Set;

/** Where a conversation is in its life; set by the conversation process. */
public enum ConversationStatus {
  /** Created, the process has not routed it yet. */
  NEW,
  /** The channel's chat bot talks to the client; operators get it when the bot hands off or stays silent. */
  WITH_BOT,
  /** Waiting in the channel queue for an operator. */
  WAITING,
  /** Offered to one or more operators who have not answered yet. */
  OFFERED,
  /** An operator answered and works on it. */
  IN_PROGRESS,
  /** Closed by the operator, the client's silence or the client's rating; waiting for a rating. */
  CLOSED,
  /** Closed as spam: no rating, the client is flagged. */
  SPAM;

  /** Over: the client's next message opens a new conversation (or reopens a CLOSED one in its rating wait). */
  public static final Set<ConversationStatus> FINISHED = EnumSet.of(CLOSED, SPAM);
}
