package dev.openlines.conversation;

/** Who wrote a message of a conversation. */
public enum MessageAuthor {
  CLIENT,
  OPERATOR,
  /** OpenLines itself: greeting, off-hours reply, closing text and other automatic messages. */
  SYSTEM,
  BOT
}
