package dev.openlines.channel;

import static dev.openlines.channel.WorkingHoursCalendarTest.interval;
import static dev.openlines.channel.WorkingHoursCalendarTest.officeHours;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.channel.WorkingHours.Holiday;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkingHoursValidationTest {

  private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

  private Set<String> problems(WorkingHours hours) {
    Set<ConstraintViolation<WorkingHours>> violations = validator.validate(hours);
    return violations.stream().map(v -> v.getPropertyPath() + ": " + v.getMessage()).collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void officeHoursWithHolidaysAreValid() {
    assertThat(problems(officeHours("Europe/Berlin", new Holiday(LocalDate.parse("2026-12-24"), LocalDate.parse("2027-01-02"), "Break"))))
        .isEmpty();
  }

  @Test
  void anUnknownTimeZoneIsRejected() {
    assertThat(problems(officeHours("Europe/Atlantis"))).singleElement().asString().contains("timeZone must be an IANA time zone id");
  }

  @Test
  void overlappingIntervalsOfOneDayAreRejected() {
    var hours = new WorkingHours("UTC", Map.of(DayOfWeek.MONDAY, List.of(interval("09:00", "13:00"), interval("12:00", "18:00"))), List.of());
    assertThat(problems(hours)).singleElement().asString().contains("must not overlap");
  }

  @Test
  void anIntervalUntilMidnightOverlapsAnyLaterInterval() {
    var hours = new WorkingHours("UTC", Map.of(DayOfWeek.MONDAY, List.of(interval("09:00", "00:00"), interval("20:00", "22:00"))), List.of());
    assertThat(problems(hours)).singleElement().asString().contains("must not overlap");
  }

  @Test
  void adjacentIntervalsAreAllowed() {
    var hours = new WorkingHours("UTC", Map.of(DayOfWeek.MONDAY, List.of(interval("09:00", "13:00"), interval("13:00", "18:00"))), List.of());
    assertThat(problems(hours)).isEmpty();
  }

  @Test
  void anIntervalClosingBeforeItOpensIsRejected() {
    var hours = new WorkingHours("UTC", Map.of(DayOfWeek.MONDAY, List.of(interval("18:00", "09:00"))), List.of());
    assertThat(problems(hours)).singleElement().asString().contains("must close after it opens");
  }

  @Test
  void aHolidayEndingBeforeItStartsIsRejected() {
    var hours = officeHours("UTC", new Holiday(LocalDate.parse("2027-01-02"), LocalDate.parse("2026-12-24"), "Backwards"));
    assertThat(problems(hours)).singleElement().asString().contains("must not end before it starts");
  }
}
