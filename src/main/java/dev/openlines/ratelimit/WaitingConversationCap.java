package dev.openlines.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * How many conversations of a connector wait unanswered (new, with the bot, queued, offered), and whether
 * one more may open. The count is read from the store at most once per {@link #RECOUNT} per connector, not
 * per message (the embedded store scans for it); conversations admitted since are added locally, so a burst
 * inside one second cannot overshoot the cap. Per instance of the service: with several instances each
 * admits up to the cap.
 */
@Component
class WaitingConversationCap {

  static final Duration RECOUNT = Duration.ofSeconds(1);

  private record Count(long waiting, Instant countedAt) {}

  private final UnansweredConversations unanswered;
  private final Clock clock;
  private final Map<String, Count> counts = new ConcurrentHashMap<>();

  WaitingConversationCap(UnansweredConversations unanswered, Clock clock) {
    this.unanswered = unanswered;
    this.clock = clock;
  }

  /** @return the count the new conversation was added to, for {@link #giveBack} */
  Instant admit(String connectorId, int cap) {
    Instant now = clock.instant();
    Instant[] countedAt = {null};
    counts.compute(connectorId, (id, known) -> {
      Count current = known == null || known.countedAt().plus(RECOUNT).isBefore(now) ? new Count(count(id), now) : known;
      if (current.waiting() >= cap) {
        return current;
      }
      countedAt[0] = current.countedAt();
      return new Count(current.waiting() + 1, current.countedAt());
    });
    if (countedAt[0] == null) {
      throw new TooManyRequestsException(
          "All operators of this chat are busy: " + cap + " conversations are already waiting. Try again in a minute",
          Duration.ofSeconds(30));
    }
    return countedAt[0];
  }

  /**
   * The conversation admitted on the count of {@code countedAt} was not opened after all (the service refused
   * the message): it no longer takes a place. A recount since then did not see it, so there is nothing to take back.
   */
  void giveBack(String connectorId, Instant countedAt) {
    counts.computeIfPresent(connectorId, (id, current) ->
        current.countedAt().equals(countedAt) && current.waiting() > 0
            ? new Count(current.waiting() - 1, current.countedAt())
            : current);
  }

  private long count(String connectorId) {
    return unanswered.of(connectorId);
  }
}
