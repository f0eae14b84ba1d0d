package dev.openlines.routing;

import java.time.Instant;

/**
 * A conversation was offered to an operator for the first time (published once per conversation).
 *
 * @param conversationCreatedAt when the conversation was created, if the offer's own write learned it (null: read it)
 * @param waitingSince when the client began to wait for the operators, if the process told ({@link OfferRequest#waitingSince})
 */
public record ConversationFirstOffered(String conversationId, Instant offeredAt, Instant conversationCreatedAt, Instant waitingSince) {

  public ConversationFirstOffered(String conversationId, Instant offeredAt) {
    this(conversationId, offeredAt, null, null);
  }
}
