package dev.openlines.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.channel.WorkingHours.Holiday;
import dev.openlines.channel.WorkingHours.OpenInterval;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkingHoursCalendarTest {

  private final WorkingHoursCalendar calendar = new WorkingHoursCalendar();

  /** Monday to Friday, with a lunch break; the weekend closed. */
  static WorkingHours officeHours(String zone, Holiday... holidays) {
    Map<DayOfWeek, List<OpenInterval>> week = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
      week.put(day, List.of(interval("14:00", "18:00"), interval("09:00", "13:00")));
    }
    return new WorkingHours(zone, week, List.of(holidays));
  }

  static OpenInterval interval(String opens, String closes) {
    return new OpenInterval(LocalTime.parse(opens), LocalTime.parse(closes));
  }

  @Test
  void openInsideAnIntervalAndClosedDuringTheBreakAndAtTheClosingMinute() {
    WorkingHours berlin = officeHours("Europe/Berlin");
    // Monday 23 Nov 2026; Berlin is UTC+1 in winter.
    assertThat(calendar.isOpen(berlin, Instant.parse("2026-11-23T08:00:00Z"))).isTrue();
    assertThat(calendar.isOpen(berlin, Instant.parse("2026-11-23T07:59:59Z"))).isFalse();
    assertThat(calendar.isOpen(berlin, Instant.parse("2026-11-23T12:30:00Z"))).isFalse();
    assertThat(calendar.isOpen(berlin, Instant.parse("2026-11-23T17:00:00Z"))).isFalse();
    assertThat(calendar.nextOpening(berlin, Instant.parse("2026-11-23T12:30:00Z")))
        .contains(Instant.parse("2026-11-23T13:00:00Z"));
  }

  @Test
  void nextOpeningIsTheInstantItselfWhenOpen() {
    Instant monday = Instant.parse("2026-11-23T09:15:00Z");
    assertThat(calendar.nextOpening(officeHours("Europe/Berlin"), monday)).contains(monday);
  }

  @Test
  void weekendIsSkippedToMondayMorning() {
    // Friday 27 Nov 2026 18:30 Berlin -> Monday 30 Nov 09:00 Berlin.
    assertThat(calendar.nextOpening(officeHours("Europe/Berlin"), Instant.parse("2026-11-27T17:30:00Z")))
        .contains(Instant.parse("2026-11-30T08:00:00Z"));
    assertThat(calendar.isOpen(officeHours("Europe/Berlin"), Instant.parse("2026-11-28T10:00:00Z"))).isFalse();
  }

  @Test
  void theSameInstantIsJudgedInEachChannelsOwnTimeZone() {
    Instant mondayAfternoonInEurope = Instant.parse("2026-11-23T14:30:00Z");
    assertThat(calendar.isOpen(officeHours("Europe/Berlin"), mondayAfternoonInEurope)).isTrue(); // 15:30
    assertThat(calendar.isOpen(officeHours("America/New_York"), mondayAfternoonInEurope)).isTrue(); // 09:30
    assertThat(calendar.isOpen(officeHours("Asia/Tokyo"), mondayAfternoonInEurope)).isFalse(); // 23:30
    // Tokyo opens Tuesday 09:00 JST = Tuesday 00:00 UTC.
    assertThat(calendar.nextOpening(officeHours("Asia/Tokyo"), mondayAfternoonInEurope))
        .contains(Instant.parse("2026-11-24T00:00:00Z"));
    // New York, Sunday evening local = Monday 01:00 UTC: opens Monday 09:00 EST = 14:00 UTC.
    assertThat(calendar.nextOpening(officeHours("America/New_York"), Instant.parse("2026-11-23T01:00:00Z")))
        .contains(Instant.parse("2026-11-23T14:00:00Z"));
  }

  @Test
  void openingAfterTheSpringForwardWeekendUsesSummerTime() {
    // Berlin moves to UTC+2 on Sunday 29 March 2026. Friday 27 March 18:30 CET -> Monday 09:00 CEST.
    assertThat(calendar.nextOpening(officeHours("Europe/Berlin"), Instant.parse("2026-03-27T17:30:00Z")))
        .contains(Instant.parse("2026-03-30T07:00:00Z"));
  }

  @Test
  void openingOnTheFallBackDayUsesWinterTime() {
    // Berlin moves back to UTC+1 at 03:00 on Sunday 25 October 2026; a Sunday shift from 10:00.
    WorkingHours sunday = new WorkingHours("Europe/Berlin", Map.of(DayOfWeek.SUNDAY, List.of(interval("10:00", "16:00"))), List.of());
    assertThat(calendar.nextOpening(sunday, Instant.parse("2026-10-24T20:00:00Z")))
        .contains(Instant.parse("2026-10-25T09:00:00Z"));
    // The repeated hour 02:00-03:00 local is inside a night shift both times it occurs.
    WorkingHours nights = new WorkingHours("Europe/Berlin", Map.of(DayOfWeek.SUNDAY, List.of(interval("01:00", "04:00"))), List.of());
    assertThat(calendar.isOpen(nights, Instant.parse("2026-10-25T00:30:00Z"))).isTrue(); // 02:30 CEST
    assertThat(calendar.isOpen(nights, Instant.parse("2026-10-25T01:30:00Z"))).isTrue(); // 02:30 CET
    assertThat(calendar.isOpen(nights, Instant.parse("2026-10-25T03:00:00Z"))).isFalse(); // 04:00 CET
  }

  @Test
  void anOpeningTimeInsideTheSpringForwardGapOpensWhenTheGapEnds() {
    // New York skips 02:00-03:00 on Sunday 8 March 2026; a shift opening at 02:30 opens at 03:00 EDT.
    WorkingHours night = new WorkingHours("America/New_York", Map.of(DayOfWeek.SUNDAY, List.of(interval("02:30", "05:00"))), List.of());
    Instant gapEnds = Instant.parse("2026-03-08T07:00:00Z");
    assertThat(calendar.nextOpening(night, Instant.parse("2026-03-08T05:00:00Z"))).contains(gapEnds);
    assertThat(calendar.isOpen(night, gapEnds)).isTrue();
    assertThat(calendar.isOpen(night, gapEnds.minusSeconds(1))).isFalse();
  }

  @Test
  void aHolidayRangeAcrossTheYearEndKeepsTheChannelClosedUntilTheNextWorkingDay() {
    WorkingHours berlin =
        officeHours("Europe/Berlin", new Holiday(LocalDate.parse("2026-12-24"), LocalDate.parse("2027-01-02"), "Winter break"));
    assertThat(calendar.isOpen(berlin, Instant.parse("2026-12-23T10:00:00Z"))).isTrue();
    assertThat(calendar.isOpen(berlin, Instant.parse("2026-12-24T10:00:00Z"))).isFalse();
    assertThat(calendar.isOpen(berlin, Instant.parse("2026-12-31T10:00:00Z"))).isFalse();
    assertThat(calendar.isOpen(berlin, Instant.parse("2027-01-01T10:00:00Z"))).isFalse();
    // Wednesday 23 Dec 18:30 -> Monday 4 January 09:00 (2 January is a Saturday).
    assertThat(calendar.nextOpening(berlin, Instant.parse("2026-12-23T17:30:00Z")))
        .contains(Instant.parse("2027-01-04T08:00:00Z"));
  }

  @Test
  void aHolidayAcrossAMonthBoundaryEndsOnItsLastDayInclusive() {
    WorkingHours berlin =
        officeHours("Europe/Berlin", new Holiday(LocalDate.parse("2026-04-30"), LocalDate.parse("2026-05-04"), "Spring"));
    // Wednesday 29 April 18:00 -> Tuesday 5 May 09:00 CEST; Monday 4 May is still a holiday.
    assertThat(calendar.nextOpening(berlin, Instant.parse("2026-04-29T16:30:00Z")))
        .contains(Instant.parse("2026-05-05T07:00:00Z"));
  }

  @Test
  void aDayCanBeOpenUntilMidnight() {
    WorkingHours evenings = new WorkingHours("UTC", Map.of(DayOfWeek.MONDAY, List.of(interval("22:00", "00:00"))), List.of());
    assertThat(calendar.isOpen(evenings, Instant.parse("2026-11-23T23:59:59Z"))).isTrue();
    assertThat(calendar.isOpen(evenings, Instant.parse("2026-11-24T00:00:00Z"))).isFalse();
  }

  @Test
  void aScheduleWithoutOpenIntervalsNeverOpens() {
    WorkingHours closed = new WorkingHours("UTC", Map.of(), List.of());
    assertThat(calendar.isOpen(closed, Instant.parse("2026-11-23T10:00:00Z"))).isFalse();
    assertThat(calendar.nextOpening(closed, Instant.parse("2026-11-23T10:00:00Z"))).isEmpty();
  }
}
