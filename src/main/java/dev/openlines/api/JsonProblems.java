package dev.openlines.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What is wrong with a JSON body, said in the terms of the JSON (line and column, field path), never in
 * Java's: Jackson's own messages name the classes a body is read into, which callers must not see.
 */
public final class JsonProblems {

  private JsonProblems() {}

  public static String describe(JsonProcessingException e) {
    if (e instanceof JsonParseException parse) {
      var location = parse.getLocation();
      return "not valid JSON"
          + (location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr());
    }
    if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return path(mismatch) + " has a value of the wrong type";
    }
    return "not a JSON object of the expected shape";
  }

  /** {@code message.photo[0].file_id}: the JSON path of the value that did not fit. */
  public static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(reference -> reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  /** What the value at the mismatch's path must be, and the value given where the body had one. */
  public static String wrongValue(MismatchedInputException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "is not a field of this request; the known fields here are "
          + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }
    Class<?> target = e.getTargetType();
    Object given = e instanceof InvalidFormatException format ? format.getValue() : null;
    String expected;
    if (target == null) {
      expected = "has a value of the wrong type";
    } else if (target.isEnum()) {
      expected = "must be one of " + Arrays.toString(target.getEnumConstants());
    } else {
      expected = "must be " + kindOf(target);
    }
    return given == null ? expected : expected + ", not '" + given + "'";
  }

  /**
   * The kind of JSON value a type is read from, as a caller writes it. Not the Java type's name: callers
   * see the JSON, not the classes it is read into. Times, durations and zones are strings in a format.
   */
  public static String kindOf(Class<?> type) {
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (ZoneId.class.isAssignableFrom(type)) {
      return "a time zone such as Europe/Berlin";
    }
    if (type == Duration.class) {
      return "an ISO-8601 duration such as PT2M or PT1H30M";
    }
    if (type == LocalDate.class) {
      return "a date such as 2026-12-24";
    }
    if (type == LocalTime.class) {
      return "a time of day such as 09:00";
    }
    if (Temporal.class.isAssignableFrom(type)) {
      return "an ISO-8601 date-time such as 2026-12-24T09:00:00Z";
    }
    if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
      return "a JSON array";
    }
    return "a JSON object";
  }
}
