package dev.openlines.channel;

import dev.openlines.api.NotFoundException;

/** Rendered as an RFC 9457 problem (404) when it reaches a controller. */
public class ChannelNotFoundException extends NotFoundException {

  public ChannelNotFoundException(String channelId) {
    super("No open channel with id '" + channelId + "'");
  }
}
