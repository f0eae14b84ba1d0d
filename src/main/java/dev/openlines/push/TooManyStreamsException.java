package dev.openlines.push;

import dev.openlines.api.ApiException;
import org.springframework.http.HttpStatus;

/** 429: the caller already holds as many event streams (or tickets) as allowed. */
public class TooManyStreamsException extends ApiException {

  public TooManyStreamsException(String detail) {
    super(HttpStatus.TOO_MANY_REQUESTS, detail);
    getHeaders().set("Retry-After", "15");
  }
}
