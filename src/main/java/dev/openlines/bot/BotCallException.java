package dev.openlines.bot;

import java.time.Duration;

/** A webhook call to a chat bot failed; a permanent failure is not worth repeating. */
public class BotCallException extends Exception {

  private final boolean permanent;
  private final Duration retryAfter;

  BotCallException(String message, boolean permanent, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
    this.retryAfter = retryAfter;
  }

  public boolean permanent() {
    return permanent;
  }

  /** What the bot asked for (Retry-After); zero when it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
