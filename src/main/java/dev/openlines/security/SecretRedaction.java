package dev.openlines.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The one place where secrets are taken out of text and exceptions before they leave an outbound client
 * (Telegram Bot API, chat bot webhooks, mail): what such a client throws is stored as a message's delivery
 * error, shown in the API (message list, process health) and written to the log, so it must already be
 * clean. Removes the secrets the caller names (bot token, webhook secret) wherever they occur, and, as a
 * second line, anything shaped like one: a Bot API path segment {@code /bot<id>:<token>}, the user info of
 * a URL, and the values of query parameters whose name says secret, token, key, password or signature.
 * An exception is rebuilt with its type name, redacted message and stack trace, and a redacted cause, so
 * stack traces logged later (by the job client, say) carry no secret either.
 */
public final class SecretRedaction {

  /** What a removed secret is replaced with. */
  public static final String MASK = "***";

  /** The token in a Bot API path, its colon as written or percent-encoded (as a request URL carries it). */
  private static final Pattern BOT_TOKEN_PATH = Pattern.compile("(?i)bot\\d+(?::|%3A)[A-Za-z0-9_-]+");
  private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s\"']+@");
  private static final Pattern SECRET_QUERY_VALUE =
      Pattern.compile("(?i)([?&][^=&\\s\"']*(?:secret|token|key|password|signature|sig)[^=&\\s\"']*=)[^&\\s\"']*");
  private static final int SHORTEST_SECRET = 4;
  private static final int DEEPEST_CAUSE = 8;

  private SecretRedaction() {}

  /** The text with every named secret and everything shaped like a secret replaced by {@link #MASK}. */
  public static String redact(String text, String... secrets) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String clean = text;
    for (String secret : secrets) {
      if (secret != null && secret.length() >= SHORTEST_SECRET) {
        // Also as a URL carries it: exception messages quote request URLs percent-encoded.
        clean = clean.replace(secret, MASK).replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), MASK);
      }
    }
    clean = BOT_TOKEN_PATH.matcher(clean).replaceAll("bot" + MASK);
    clean = URL_USER_INFO.matcher(clean).replaceAll(MASK + "@");
    return SECRET_QUERY_VALUE.matcher(clean).replaceAll("$1" + MASK);
  }

  /**
   * A stand-in for the exception (and its causes) to attach as a cause: same type name and stack trace,
   * redacted messages. Null stays null.
   */
  public static Throwable redact(Throwable failure, String... secrets) {
    return redact(failure, 0, secrets);
  }

  private static Throwable redact(Throwable failure, int depth, String... secrets) {
    if (failure == null || depth > DEEPEST_CAUSE) {
      return null;
    }
    Throwable cause = failure.getCause() == failure ? null : redact(failure.getCause(), depth + 1, secrets);
    Redacted copy = new Redacted(failure.getClass().getName(), redact(failure.getMessage(), secrets), cause);
    copy.setStackTrace(failure.getStackTrace());
    return copy;
  }

  /** Prints as the original type would ({@code java.net.ConnectException: Connection refused}). */
  static final class Redacted extends Exception {

    private final String originalType;

    Redacted(String originalType, String message, Throwable cause) {
      super(message, cause, false, true);
      this.originalType = originalType;
    }

    @Override
    public String toString() {
      String message = getLocalizedMessage();
      return message == null ? originalType : originalType + ": " + message;
    }
  }
}
