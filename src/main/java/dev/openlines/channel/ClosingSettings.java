package dev.openlines.channel;

import dev.openlines.connector.ConnectorTypes;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.data.annotation.PersistenceCreator;

/**
 * What happens after an operator closes a conversation.
 *
 * @param ratingWait how long the client may still rate after the rating request (0 = no wait)
 * @param closeOnRating a rating ends the wait at once instead of waiting for the time to run out
 * @param ratingRequests the rating request's text per connector type (e.g. a shorter one for Telegram,
 *     where like/dislike buttons follow it); a type not listed gets the channel's automatic
 *     {@code ratingRequest} text, and with neither no rating request is sent
 */
public record ClosingSettings(
    @NotNull(message = "set a rating wait from PT0S to PT60M")
        @DurationMin(minutes = 0, message = "the rating wait cannot be negative")
        @DurationMax(minutes = 60, message = "the rating wait is at most 60 minutes")
        Duration ratingWait,
    boolean closeOnRating,
    Map<
            @Pattern(regexp = ConnectorTypes.PATTERN, message = "a connector type is one of " + ConnectorTypes.PATTERN) String,
            @NotBlank(message = "give a text, or leave the connector type out to use the channel's rating request")
                @Size(max = AutomaticActions.MAX_TEXT, message = "a rating request is at most " + AutomaticActions.MAX_TEXT + " characters")
                String>
        ratingRequests) {

  // The store reads through the full constructor (a record with two would leave it without a choice).
  @PersistenceCreator
  public ClosingSettings {
    // Null values are kept for validation to name them (Map.copyOf would throw instead).
    ratingRequests = ratingRequests == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(ratingRequests));
  }

  public ClosingSettings(Duration ratingWait, boolean closeOnRating) {
    this(ratingWait, closeOnRating, Map.of());
  }

  /** A new channel: no rating wait. */
  public static ClosingSettings defaults() {
    return new ClosingSettings(Duration.ZERO, false);
  }

  /** The rating request for that connector type, if the channel has one of its own for it. */
  public java.util.Optional<String> ratingRequestFor(String connectorType) {
    return java.util.Optional.ofNullable(ratingRequests.get(connectorType)).map(String::strip);
  }
}
