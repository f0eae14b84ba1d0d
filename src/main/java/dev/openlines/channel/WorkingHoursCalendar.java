package dev.openlines.channel;

import dev.openlines.channel.WorkingHours.OpenInterval;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Answers "is the channel open now?" and "when does it open next?" for a {@link WorkingHours} schedule. */
@Service
public class WorkingHoursCalendar {

  /** Holidays can close a channel for weeks; beyond a year without an opening we say "never". */
  static final int SEARCH_DAYS = 400;

  public boolean isOpen(WorkingHours hours, Instant at) {
    ZonedDateTime local = at.atZone(hours.zone());
    if (hours.isHoliday(local.toLocalDate())) {
      return false;
    }
    return hours.intervalsOn(local.getDayOfWeek()).stream()
        .anyMatch(interval -> interval.contains(local.toLocalTime()));
  }

  /**
   * The instant the channel is open again: {@code at} itself when it is open then, otherwise the
   * start of the next open interval. Empty when it does not open within {@value #SEARCH_DAYS} days.
   * On a daylight-saving change day an opening time that does not exist locally (inside the gap)
   * opens at the end of the gap: the first local time that is inside the interval.
   */
  public Optional<Instant> nextOpening(WorkingHours hours, Instant at) {
    if (isOpen(hours, at)) {
      return Optional.of(at);
    }
    ZoneId zone = hours.zone();
    LocalDate day = at.atZone(zone).toLocalDate();
    for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
      if (hours.isHoliday(day)) {
        continue;
      }
      for (OpenInterval interval : hours.intervalsOn(day.getDayOfWeek())) {
        Instant opens = openingInstant(day, interval, zone);
        if (opens.isAfter(at)) {
          return Optional.of(opens);
        }
      }
    }
    return Optional.empty();
  }

  private static Instant openingInstant(LocalDate day, OpenInterval interval, ZoneId zone) {
    LocalDateTime local = LocalDateTime.of(day, interval.opens());
    ZoneOffsetTransition gap = zone.getRules().getTransition(local);
    if (gap != null && gap.isGap()) {
      return gap.getInstant();
    }
    return ZonedDateTime.of(local, zone).toInstant();
  }
}
