package dev.openlines.channel;

import dev.openlines.api.Constraints;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/** Open-channel settings: validated as a whole before anything is stored. */
@Service
public class ChannelService {

  private final ChannelRepository channels;
  private final MongoTemplate mongo;
  private final Validator validator;
  private final ApplicationEventPublisher events;

  public ChannelService(
      ChannelRepository channels, MongoTemplate mongo, Validator validator, ApplicationEventPublisher events) {
    this.channels = channels;
    this.mongo = mongo;
    this.validator = validator;
    this.events = events;
  }

  /**
   * @throws ConstraintViolationException naming every setting to fix; nothing is stored then
   * @throws DuplicateKeyException when a channel with this id exists
   */
  public OpenChannel create(OpenChannel channel) {
    return mongo.insert(Constraints.requireValid(validator, channel));
  }

  /**
   * @throws ConstraintViolationException naming every setting to fix; nothing is stored then
   */
  public OpenChannel save(OpenChannel channel) {
    OpenChannel saved = channels.save(Constraints.requireValid(validator, channel));
    // A raised limit, a longer queue or another exclusion mode may free slots for waiting conversations.
    events.publishEvent(new ChannelQueueChangedEvent(saved.getId()));
    return saved;
  }

  public OpenChannel get(String channelId) {
    return channels.findById(channelId).orElseThrow(() -> new ChannelNotFoundException(channelId));
  }
}
