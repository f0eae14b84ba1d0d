package dev.openlines.ratelimit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;

/**
 * The limits of one connector's public surface, set in its settings ({@code rateLimits}); a field left out
 * takes the service-wide default ({@code openlines.rate-limits.*}). Counted per client address (as the
 * servlet container sees it: behind a proxy set {@code server.forward-headers-strategy}) or per live-chat
 * session, in token buckets that refill evenly over the period.
 *
 * @param chatStartsPerMinutePerAddress live chats one address may start
 * @param messagesPerMinutePerSession messages one live-chat visitor may send
 * @param messagesPerMinutePerAddress messages all live-chat sessions of one address may send together
 * @param historyRequestsPerHourPerSession history mails one visitor may ask for
 * @param webhookCallsPerMinutePerAddress webhook deliveries from one address (a messenger's servers)
 * @param maxWaitingConversations live-chat conversations of the connector that may wait unanswered at
 *     once (new, with the bot, queued, offered); a visitor who would open one more gets a 429 until an
 *     operator answers one, so scripted chats cannot take every operator slot and the engine's queue
 */
public record RateLimits(
    @Positive @Max(100_000) Integer chatStartsPerMinutePerAddress,
    @Positive @Max(100_000) Integer messagesPerMinutePerSession,
    @Positive @Max(100_000) Integer messagesPerMinutePerAddress,
    @Positive @Max(100_000) Integer historyRequestsPerHourPerSession,
    @Positive @Max(1_000_000) Integer webhookCallsPerMinutePerAddress,
    @Positive @Max(100_000) Integer maxWaitingConversations) {

  /** Each field of this, or of {@code defaults} where this leaves it out. */
  public RateLimits orElse(RateLimits defaults) {
    return new RateLimits(
        first(chatStartsPerMinutePerAddress, defaults.chatStartsPerMinutePerAddress),
        first(messagesPerMinutePerSession, defaults.messagesPerMinutePerSession),
        first(messagesPerMinutePerAddress, defaults.messagesPerMinutePerAddress),
        first(historyRequestsPerHourPerSession, defaults.historyRequestsPerHourPerSession),
        first(webhookCallsPerMinutePerAddress, defaults.webhookCallsPerMinutePerAddress),
        first(maxWaitingConversations, defaults.maxWaitingConversations));
  }

  private static Integer first(Integer own, Integer fallback) {
    return own != null ? own : fallback;
  }
}
