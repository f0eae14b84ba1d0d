package dev.openlines.conversation;

/** The client's verdict on a conversation. */
public enum ClientRating {
  LIKE,
  DISLIKE
}
