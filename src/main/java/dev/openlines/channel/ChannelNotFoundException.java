package dev.openlines.channel;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Rendered as an RFC 9457 problem (404) when it reaches a controller. */
public class ChannelNotFoundException extends ErrorResponseException {

  public ChannelNotFoundException(String channelId) {
    super(
        HttpStatus.NOT_FOUND,
        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No open channel with id '" + channelId + "'"),
        null);
  }
}
