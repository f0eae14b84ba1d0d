package dev.openlines.channel;

import dev.openlines.api.ApiException;
import org.springframework.http.HttpStatus;

/** 409: the channel is switched off ({@code active=false}); its open conversations go on, new ones are refused. */
public class ChannelInactiveException extends ApiException {

  public ChannelInactiveException(String channelId) {
    super(HttpStatus.CONFLICT, "Open channel '" + channelId + "' is switched off and takes no new conversations;"
        + " conversations already open go on. Write again when it is switched on.");
  }
}
