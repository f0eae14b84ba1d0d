package dev.openlines.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Position in a list ordered newest first: the creation time and id of the last item a client saw.
 * Opaque to clients (URL-safe Base64), so the order's fields can change without breaking them.
 */
public record Cursor(Instant createdAt, String id) {

  /** A position in a list ordered otherwise than by time: the key of the last item seen. */
  public static Cursor ofKey(String key) {
    return new Cursor(Instant.EPOCH, key);
  }

  public String encode() {
    String raw = createdAt.toEpochMilli() + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Null for null; a cursor this service did not hand out is a 400 naming the parameter. */
  public static Cursor decode(String parameter, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      return new Cursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))), raw.substring(colon + 1));
    } catch (RuntimeException e) {
      throw new InvalidRequestException(parameter, "must be the value of a previous answer's next link, not '" + value + "'");
    }
  }
}
