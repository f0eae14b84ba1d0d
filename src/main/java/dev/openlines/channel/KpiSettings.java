package dev.openlines.channel;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.openlines.api.ProblemField;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Response-time limits of an open channel and whom to tell when an operator exceeds them.
 *
 * @param firstResponseLimit how long a new conversation may wait for the operator's first reply;
 *     null when not tracked
 * @param subsequentResponseLimit how long a client's later message may wait for a reply; null when
 *     not tracked
 * @param notificationText what the supervisors read for an indicator without a notification of its
 *     own; {@value #OPERATOR} becomes the operator's name and {@value #DIALOG} a link to the conversation
 * @param recipients operator ids of the supervisors to notify for an indicator without a notification
 *     of its own
 * @param notifications per indicator: on/off, recipients and text of its own (overrides the two above)
 */
public record KpiSettings(
    Duration firstResponseLimit,
    Duration subsequentResponseLimit,
    @Size(max = MAX_TEXT) String notificationText,
    List<@NotBlank String> recipients,
    Map<KpiLimit, @Valid KpiNotification> notifications) {

  public static final String OPERATOR = "#OPERATOR#";
  public static final String DIALOG = "#DIALOG#";
  static final int MAX_TEXT = 2000;
  static final Duration SHORTEST_LIMIT = Duration.ofMinutes(1);
  static final Duration LONGEST_LIMIT = Duration.ofDays(7);

  public KpiSettings {
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
    notifications = notifications == null || notifications.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(notifications));
  }

  /** One text and one list of recipients for every tracked indicator. */
  public KpiSettings(Duration firstResponseLimit, Duration subsequentResponseLimit, String notificationText, List<String> recipients) {
    this(firstResponseLimit, subsequentResponseLimit, notificationText, recipients, null);
  }

  /** The limit for that kind of reply; null when it is not tracked. */
  public Duration limitFor(KpiLimit limit) {
    return switch (limit) {
      case FIRST_RESPONSE -> firstResponseLimit;
      case SUBSEQUENT_RESPONSE -> subsequentResponseLimit;
    };
  }

  /** Whom a breach of that limit notifies and how; empty when it notifies nobody. */
  public Optional<KpiNotification> notificationFor(KpiLimit limit) {
    KpiNotification own = notifications.get(limit);
    KpiNotification effective = own != null ? own : new KpiNotification(true, recipients, notificationText);
    return effective.enabled() && !effective.recipients().isEmpty() ? Optional.of(effective) : Optional.empty();
  }

  @JsonIgnore
  @AssertTrue(message = "response limits must be between 1 minute and 7 days (or left empty to not track them)")
  @ProblemField("firstResponseLimit")
  public boolean isFirstResponseLimitInRange() {
    return inRange(firstResponseLimit);
  }

  @JsonIgnore
  @AssertTrue(message = "response limits must be between 1 minute and 7 days (or left empty to not track them)")
  @ProblemField("subsequentResponseLimit")
  public boolean isSubsequentResponseLimitInRange() {
    return inRange(subsequentResponseLimit);
  }

  @JsonIgnore
  @AssertTrue(message = "set at least one of firstResponseLimit and subsequentResponseLimit")
  @ProblemField("firstResponseLimit")
  public boolean isAnyLimitSet() {
    return firstResponseLimit != null || subsequentResponseLimit != null;
  }

  @JsonIgnore
  @AssertTrue(message = "set the recipients, or give every tracked limit a notification of its own in notifications")
  @ProblemField("recipients")
  public boolean isRecipientsGiven() {
    return !sharedNotificationNeeded() || !recipients.isEmpty();
  }

  @JsonIgnore
  @AssertTrue(message = "set the notificationText, or give every tracked limit a notification of its own in notifications")
  @ProblemField("notificationText")
  public boolean isNotificationTextGiven() {
    return !sharedNotificationNeeded() || (notificationText != null && !notificationText.isBlank());
  }

  @JsonIgnore
  @AssertTrue(message = "a notification is set for a limit that is not tracked: set that limit (firstResponseLimit or subsequentResponseLimit) or remove its notification")
  @ProblemField("notifications")
  public boolean isEveryNotificationTracked() {
    return notifications.keySet().stream().allMatch(limit -> limitFor(limit) != null);
  }

  /** A tracked limit without a notification of its own uses the shared text and recipients. */
  private boolean sharedNotificationNeeded() {
    for (KpiLimit limit : KpiLimit.values()) {
      if (limitFor(limit) != null && !notifications.containsKey(limit)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inRange(Duration limit) {
    return limit == null || (limit.compareTo(SHORTEST_LIMIT) >= 0 && limit.compareTo(LONGEST_LIMIT) <= 0);
  }
}
