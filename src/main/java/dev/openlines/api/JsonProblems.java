package dev.openlines.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
}
