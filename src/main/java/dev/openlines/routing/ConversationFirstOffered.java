package dev.openlines.routing;

import java.time.Instant;

/** A conversation was offered to an operator for the first time (published once per conversation). */
public record ConversationFirstOffered(String conversationId, Instant offeredAt) {}
