package dev.openlines.channel;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.openlines.api.ProblemField;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * When an open channel is staffed.
 *
 * @param timeZone IANA zone id, e.g. {@code Europe/Berlin}; the schedule and holidays are local to it
 * @param weeklySchedule per weekday its open intervals; a weekday without intervals (e.g. the weekend)
 *     is closed all day
 * @param holidays closed date ranges, inclusive at both ends; they may span months and years
 */
public record WorkingHours(
    @NotBlank String timeZone,
    @NotNull Map<DayOfWeek, List<@NotNull @Valid OpenInterval>> weeklySchedule,
    List<@NotNull @Valid Holiday> holidays) {

  public WorkingHours {
    weeklySchedule = weeklySchedule == null ? Map.of() : copyOf(weeklySchedule);
    holidays = holidays == null ? List.of() : List.copyOf(holidays);
  }

  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** The open intervals of that weekday, earliest first; empty when closed all day. */
  public List<OpenInterval> intervalsOn(DayOfWeek day) {
    return weeklySchedule.getOrDefault(day, List.of()).stream()
        .sorted(Comparator.comparing(OpenInterval::opens))
        .toList();
  }

  public boolean isHoliday(LocalDate date) {
    return holidays.stream().anyMatch(holiday -> holiday.contains(date));
  }

  @JsonIgnore
  @AssertTrue(message = "timeZone must be an IANA time zone id such as Europe/Berlin")
  @ProblemField("timeZone")
  public boolean isTimeZoneKnown() {
    if (timeZone == null || timeZone.isBlank()) {
      return true; // @NotBlank reports it
    }
    try {
      ZoneId.of(timeZone);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  @JsonIgnore
  @AssertTrue(message = "the open intervals of a weekday must not overlap; list each period once")
  @ProblemField("weeklySchedule")
  public boolean isScheduleWithoutOverlaps() {
    for (List<OpenInterval> intervals : weeklySchedule.values()) {
      List<OpenInterval> sorted =
          intervals.stream()
              .filter(interval -> interval != null && interval.opens() != null && interval.closes() != null)
              .sorted(Comparator.comparing(OpenInterval::opens))
              .toList();
      for (int i = 1; i < sorted.size(); i++) {
        if (sorted.get(i - 1).closesWithinDay().isAfter(sorted.get(i).opens())
            || sorted.get(i - 1).closesAtMidnight()) {
          return false;
        }
      }
    }
    return true;
  }

  private static Map<DayOfWeek, List<OpenInterval>> copyOf(Map<DayOfWeek, List<OpenInterval>> schedule) {
    Map<DayOfWeek, List<OpenInterval>> copy = new EnumMap<>(DayOfWeek.class);
    schedule.forEach((day, intervals) -> {
      if (day != null) {
        copy.put(day, intervals == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(intervals)));
      }
    });
    return java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Open from {@code opens} (inclusive) to {@code closes} (exclusive), local time. {@code closes}
   * 00:00 means until midnight, so a day can be open to its end.
   */
  public record OpenInterval(@NotNull LocalTime opens, @NotNull LocalTime closes) {

    public boolean closesAtMidnight() {
      return LocalTime.MIDNIGHT.equals(closes);
    }

    /** {@code closes} as a time of the same day; midnight counts as the day's last instant. */
    LocalTime closesWithinDay() {
      return closesAtMidnight() ? LocalTime.MAX : closes;
    }

    public boolean contains(LocalTime time) {
      return !time.isBefore(opens) && (closesAtMidnight() || time.isBefore(closes));
    }

    @JsonIgnore
    @AssertTrue(message = "an open interval must close after it opens (use 00:00 to close at midnight)")
    @ProblemField("closes")
    public boolean isOrdered() {
      return opens == null || closes == null || closesAtMidnight() || opens.isBefore(closes);
    }
  }

  /** Closed from {@code from} to {@code to}, both days included, e.g. 24.12.2026–02.01.2027. */
  public record Holiday(@NotNull LocalDate from, @NotNull LocalDate to, @Size(max = 200) String name) {

    public boolean contains(LocalDate date) {
      return !date.isBefore(from) && !date.isAfter(to);
    }

    @JsonIgnore
    @AssertTrue(message = "a holiday must not end before it starts")
    @ProblemField("to")
    public boolean isOrdered() {
      return from == null || to == null || !to.isBefore(from);
    }
  }
}
