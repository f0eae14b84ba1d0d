package dev.openlines.channel;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Who answers a channel's conversations and how they are handed out.
 *
 * @param entries operators and whole departments, in queue order (STRICT follows this order)
 * @param mode how conversations are distributed
 * @param idleTime how long an offer waits for an answer before it goes to the next operator (not in ALL mode)
 * @param chatLimit how many conversations of this channel one operator may hold at once; null for no limit
 * @param limitExclusion from which point a conversation stops counting against the limit
 * @param checkAvailability offer only to operators who are online or clocked in (and not away)
 */
public record QueueSettings(
    @NotEmpty List<@NotNull @Valid QueueEntry> entries,
    @NotNull DistributionMode mode,
    @NotNull @DurationMin(minutes = 1) @DurationMax(hours = 12) Duration idleTime,
    @Positive Integer chatLimit,
    @NotNull LimitExclusion limitExclusion,
    boolean checkAvailability) {

  public QueueSettings {
    entries = entries == null ? null : List.copyOf(entries);
  }

  public boolean hasChatLimit() {
    return chatLimit != null;
  }
}
