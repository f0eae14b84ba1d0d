package dev.openlines.routing;

import java.time.Instant;

/**
 * A conversation was offered to an operator for the first time (published once per conversation).
 *
 * @param conversationCreatedAt when the conversation was created, if the offer's own write learned it (null: read it)
 */
public record ConversationFirstOffered(String conversationId, Instant offeredAt, Instant conversationCreatedAt) {

  public ConversationFirstOffered(String conversationId, Instant offeredAt) {
    this(conversationId, offeredAt, null);
  }
}
