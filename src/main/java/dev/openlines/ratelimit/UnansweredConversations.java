package dev.openlines.ratelimit;

/**
 * How many conversations of a connector wait unanswered (new, with the bot, queued, offered), read from
 * the store. The waiting cap asks; the conversation package, which owns the conversations, answers, so
 * rate limiting depends on no feature.
 */
public interface UnansweredConversations {

  long of(String connectorId);
}
