package dev.openlines.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Service-wide rate limits ({@code openlines.rate-limits}); each connector may override them in its settings.
 *
 * @param defaults the limits of a connector that sets none of its own
 * @param formSubmissionsPerMinutePerAddress CRM web form submissions one address may post to one form
 * @param trackedClients how many addresses and sessions are tracked at once; the least recently seen are
 *     forgotten first (they start again with a full bucket), so memory stays bounded under a flood of addresses
 */
@Validated
@ConfigurationProperties("openlines.rate-limits")
public record RateLimitProperties(
    @NotNull @Valid @DefaultValue RateLimitDefaults defaults,
    @DefaultValue("100000") int trackedClients,
    @DefaultValue("5") @jakarta.validation.constraints.Positive int formSubmissionsPerMinutePerAddress) {

  /** The built-in defaults: generous for people, tight for scripts. */
  public record RateLimitDefaults(
      @DefaultValue("10") int chatStartsPerMinutePerAddress,
      @DefaultValue("30") int messagesPerMinutePerSession,
      @DefaultValue("120") int messagesPerMinutePerAddress,
      @DefaultValue("3") int historyRequestsPerHourPerSession,
      @DefaultValue("3000") int webhookCallsPerMinutePerAddress,
      @DefaultValue("200") int maxWaitingConversations) {

    RateLimits limits() {
      return new RateLimits(chatStartsPerMinutePerAddress, messagesPerMinutePerSession, messagesPerMinutePerAddress,
          historyRequestsPerHourPerSession, webhookCallsPerMinutePerAddress, maxWaitingConversations);
    }
  }
}
