package dev.openlines.api;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The {@code Idempotency-Key} request header: a client names one request it may have to send again (its answer
 * lost to a network error or a restart), and the repeat finds what the first one did instead of doing it twice.
 */
public final class IdempotencyKeys {

  public static final String HEADER = "Idempotency-Key";
  public static final int MAX_LENGTH = 200;

  private IdempotencyKeys() {}

  /**
   * The id the request named {@code key} stores its result under: the same key in the same scope gives the same
   * id, so the store's unique id settles a race of repeats.
   *
   * @param scope what the key is unique within (a form, an operator in a conversation)
   * @param whatItNames the request, in the error's words ("submission", "message")
   * @throws InvalidRequestException for an empty or over-long key
   */
  public static String idFor(String scope, String key, String whatItNames) {
    if (key.isBlank() || key.length() > MAX_LENGTH) {
      throw new InvalidRequestException(HEADER, "give 1 to " + MAX_LENGTH + " characters that name this " + whatItNames
          + " (e.g. a UUID the client made), or leave the header out");
    }
    return UUID.nameUUIDFromBytes((scope + "\n" + key).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
