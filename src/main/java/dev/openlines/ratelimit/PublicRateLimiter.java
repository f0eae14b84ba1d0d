package dev.openlines.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The rate limits of the unauthenticated surface (live chat, webhooks), in Bucket4j token buckets kept in
 * memory per instance: one bucket per (what, connector, address or session, limit), the least recently used
 * forgotten beyond {@link RateLimitProperties#trackedClients()}. A caller over its limit gets a
 * {@link TooManyRequestsException} (429, {@code Retry-After}) and nothing is done for it. Limits count per
 * address and per session, so one address flooding spends only its own buckets: other visitors keep theirs.
 */
@Component
public class PublicRateLimiter {

  private final Cache<String, Bucket> buckets;
  private final RateLimits defaults;
  private final WaitingConversationCap waiting;
  private final RefusalGate gate;
  private final int formSubmissionsPerMinute;

  PublicRateLimiter(RateLimitProperties properties, WaitingConversationCap waiting, RefusalGate gate) {
    this.buckets = Caffeine.newBuilder().maximumSize(properties.trackedClients()).build();
    this.defaults = properties.defaults().limits();
    this.waiting = waiting;
    this.gate = gate;
    this.formSubmissionsPerMinute = properties.formSubmissionsPerMinutePerAddress();
  }

  /** The connector's limits with the service defaults filled in. */
  public RateLimits effective(RateLimits own) {
    return own == null ? defaults : own.orElse(defaults);
  }

  public void chatStart(String connectorId, RateLimits own, String address) {
    int perMinute = effective(own).chatStartsPerMinutePerAddress();
    take(RefusalGate.Scope.ADDRESS, "start|" + connectorId + "|" + address, perMinute, Duration.ofMinutes(1),
        "This address started " + perMinute + " chats in the last minute: wait before starting another");
  }

  public void message(String connectorId, RateLimits own, String sessionId, String address) {
    RateLimits limits = effective(own);
    take(RefusalGate.Scope.SESSION, "message|" + sessionId, limits.messagesPerMinutePerSession(), Duration.ofMinutes(1),
        "This chat sent " + limits.messagesPerMinutePerSession() + " messages in the last minute: wait before sending more");
    take(RefusalGate.Scope.ADDRESS, "message|" + connectorId + "|" + address, limits.messagesPerMinutePerAddress(), Duration.ofMinutes(1),
        "This address sent " + limits.messagesPerMinutePerAddress() + " messages in the last minute: wait before sending more");
  }

  public void historyRequest(RateLimits own, String sessionId) {
    int perHour = effective(own).historyRequestsPerHourPerSession();
    take(RefusalGate.Scope.SESSION, "history|" + sessionId, perHour, Duration.ofHours(1),
        "This chat asked for its history " + perHour + " times in the last hour: wait before asking again");
  }

  public void webhook(String connectorId, RateLimits own, String address) {
    int perMinute = effective(own).webhookCallsPerMinutePerAddress();
    take(RefusalGate.Scope.ADDRESS, "webhook|" + connectorId + "|" + address, perMinute, Duration.ofMinutes(1),
        "This address called the webhook " + perMinute + " times in the last minute: wait before calling again");
  }

  /** A CRM web form submission ({@code openlines.rate-limits.form-submissions-per-minute-per-address}). */
  public void formSubmission(String formId, String address) {
    take(RefusalGate.Scope.ADDRESS, "form|" + formId + "|" + address, formSubmissionsPerMinute, Duration.ofMinutes(1),
        "This address sent " + formSubmissionsPerMinute + " submissions of this form in the last minute: wait before sending another");
  }

  /**
   * Before a visitor's message opens a new conversation: refused while the connector's waiting cap is full.
   *
   * @return what to run when the message is refused after all, so that its place is given back
   */
  public Runnable newConversation(String connectorId, RateLimits own) {
    Instant countedAt = waiting.admit(connectorId, effective(own).maxWaitingConversations());
    return () -> waiting.giveBack(connectorId, countedAt);
  }

  private void take(RefusalGate.Scope scope, String key, int capacity, Duration period, String detail) {
    Bucket bucket = buckets.get(key + "|" + capacity, ignored -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build())
        .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      Duration retryAfter = Duration.ofNanos(probe.getNanosToWaitForRefill());
      gate.refuseCurrentCaller(scope, retryAfter, detail);
      throw new TooManyRequestsException(detail, retryAfter);
    }
  }
}
