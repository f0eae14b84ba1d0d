package dev.openlines.channel;

import dev.openlines.api.Constraints;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
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

  public ChannelService(ChannelRepository channels, MongoTemplate mongo, Validator validator, @Value("${openlines.settings.cache-ttl:PT2S}") Duration cacheTtl) {
    this.channels = channels;
    this.mongo = mongo;
    this.validator = validator;
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
    OpenChannel saved = channels.save(Constraints.requireValid(validator, channel));
    cache.invalidate(saved.getId());
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
