package dev.openlines.channel;

import dev.openlines.api.Constraints;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
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
  private final SettingsCache<String, OpenChannel> cache;
  private final ApplicationEventPublisher events;

  public ChannelService(
      ChannelRepository channels,
      MongoTemplate mongo,
      Validator validator,
      ApplicationEventPublisher events,
      @Value("${openlines.settings.cache-ttl:PT2S}") Duration cacheTtl) {
    this.channels = channels;
    this.mongo = mongo;
    this.validator = validator;
    this.events = events;
    this.cache = new SettingsCache<>(cacheTtl);
  }

  /**
   * @throws ConstraintViolationException naming every setting to fix; nothing is stored then
   * @throws DuplicateKeyException when a channel with this id exists
   */
  public OpenChannel create(OpenChannel channel) {
    OpenChannel created = mongo.insert(Constraints.requireValid(validator, channel));
    cache.invalidate(created.getId());
    return created;
  }

  /**
   * @throws ConstraintViolationException naming every setting to fix; nothing is stored then
   */
  public OpenChannel save(OpenChannel channel) {
    Constraints.requireValid(validator, channel);
    Optional<OpenChannel> before = channels.findById(channel.getId());
    List<QueueEntry> entriesBefore = before.map(OpenChannel::getQueue).map(QueueSettings::entries).orElse(List.of());
    OpenChannel saved = channels.save(channel);
    cache.invalidate(saved.getId());
    if (before.isPresent() && before.get().isQueueOutsideWorkingHours() != saved.isQueueOutsideWorkingHours()) {
      events.publishEvent(new ChannelHoursChangedEvent(saved.getId()));
    }
    // A raised limit, a longer queue or another exclusion mode may free slots for waiting conversations;
    // an operator taken out of the queue hands back what is offered to them.
    events.publishEvent(new ChannelQueueChangedEvent(saved.getId(), entriesBefore));
    return saved;
  }

  /** The channel's settings, read from the store at most once per cache time to live; do not change the object. */
  public OpenChannel get(String channelId) {
    return cache.get(channelId, channels::findById).orElseThrow(() -> new ChannelNotFoundException(channelId));
  }

  /** Call after the channel was removed from the store. */
  void forget(String channelId) {
    cache.invalidate(channelId);
  }
}
