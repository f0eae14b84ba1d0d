package dev.openlines.api;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** 503 with {@code Retry-After}: the service is behind and asks the caller to come back later. */
public class ServiceOverloadedException extends ApiException {

  public ServiceOverloadedException(String detail, Duration retryAfter) {
    super(HttpStatus.SERVICE_UNAVAILABLE, detail);
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    getBody().setProperty("retryAfterSeconds", seconds);
  }
}
