package dev.openlines.channel;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import org.springframework.stereotype.Service;

/** Open-channel settings: validated as a whole before anything is stored. */
@Service
public class ChannelService {

  private final ChannelRepository channels;
  private final Validator validator;

  public ChannelService(ChannelRepository channels, Validator validator) {
    this.channels = channels;
    this.validator = validator;
  }

  /**
   * @throws ConstraintViolationException naming every setting to fix; nothing is stored then
   */
  public OpenChannel save(OpenChannel channel) {
    var violations = validator.validate(channel);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    return channels.save(channel);
  }

  public OpenChannel get(String channelId) {
    return channels.findById(channelId).orElseThrow(() -> new ChannelNotFoundException(channelId));
  }
}
