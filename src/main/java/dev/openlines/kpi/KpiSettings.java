package dev.openlines.kpi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;

/**
 * Response-time limits of an open channel and whom to tell when an operator exceeds them.
 *
 * @param firstResponseLimit how long a new conversation may wait for the operator's first reply;
 *     null when not tracked
 * @param subsequentResponseLimit how long a client's later message may wait for a reply; null when
 *     not tracked
 * @param notificationText what the supervisors read; {@value #OPERATOR} and {@value #DIALOG} are
 *     replaced by the operator and the conversation
 * @param recipients operator ids of the supervisors to notify
 */
public record KpiSettings(
    Duration firstResponseLimit,
    Duration subsequentResponseLimit,
    @NotBlank @Size(max = 2000) String notificationText,
    @NotEmpty List<@NotBlank String> recipients) {

  public static final String OPERATOR = "#OPERATOR#";
  public static final String DIALOG = "#DIALOG#";
  static final Duration SHORTEST_LIMIT = Duration.ofMinutes(1);
  static final Duration LONGEST_LIMIT = Duration.ofDays(7);

  public KpiSettings {
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
  }

  /** The limit for that kind of reply; null when it is not tracked. */
  public Duration limitFor(KpiLimit limit) {
    return switch (limit) {
      case FIRST_RESPONSE -> firstResponseLimit;
      case SUBSEQUENT_RESPONSE -> subsequentResponseLimit;
    };
  }

  @JsonIgnore
  @AssertTrue(message = "response limits must be between 1 minute and 7 days (or left empty to not track them)")
  public boolean isLimitsInRange() {
    return inRange(firstResponseLimit) && inRange(subsequentResponseLimit);
  }

  @JsonIgnore
  @AssertTrue(message = "set at least one of firstResponseLimit and subsequentResponseLimit")
  public boolean isAnyLimitSet() {
    return firstResponseLimit != null || subsequentResponseLimit != null;
  }

  private static boolean inRange(Duration limit) {
    return limit == null || (limit.compareTo(SHORTEST_LIMIT) >= 0 && limit.compareTo(LONGEST_LIMIT) <= 0);
  }
}
