package dev.openlines.workflow;

/**
 * The engine did not take a message in time (it is down, overloaded or slow): nothing was changed that
 * the caller can rely on, and the same request may be repeated in a few seconds (its message id makes a
 * repetition harmless).
 */
public class EngineUnavailableException extends RuntimeException {

  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
