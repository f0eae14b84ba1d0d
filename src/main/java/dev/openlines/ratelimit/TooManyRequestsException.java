package dev.openlines.ratelimit;

import dev.openlines.api.ApiException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** 429 with {@code Retry-After} (whole seconds, at least 1) and a problem body saying which limit was reached. */
public class TooManyRequestsException extends ApiException {

  static final String TITLE = "Too many requests";

  public TooManyRequestsException(String detail, Duration retryAfter) {
    super(HttpStatus.TOO_MANY_REQUESTS, detail);
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    getBody().setTitle(TITLE);
    getBody().setProperty("retryAfterSeconds", seconds);
  }
}
