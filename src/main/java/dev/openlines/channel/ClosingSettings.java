package dev.openlines.channel;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * What happens after an operator closes a conversation.
 *
 * @param ratingWait how long the client may still rate after the rating request (0 = no wait)
 * @param closeOnRating a rating ends the wait at once instead of waiting for the time to run out
 */
public record ClosingSettings(
    @NotNull(message = "set a rating wait from PT0S to PT60M")
        @DurationMin(minutes = 0, message = "the rating wait cannot be negative")
        @DurationMax(minutes = 60, message = "the rating wait is at most 60 minutes")
        Duration ratingWait,
    boolean closeOnRating) {

  /** A new channel: no rating wait. */
  public static ClosingSettings defaults() {
    return new ClosingSettings(Duration.ZERO, false);
  }
}
