package dev.openlines.channel;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/** Saves (validated, nothing stored on bad input) and reads the channels' client e-mail settings. */
@Service
public class ClientMailSettingsService {

  private final MongoTemplate mongo;
  private final ChannelService channels;
  private final Validator validator;
  private final SettingsCache<String, ClientMailSettings> cache;

  public ClientMailSettingsService(
      MongoTemplate mongo, ChannelService channels, Validator validator, @Value("${openlines.settings.cache-ttl:PT2S}") Duration cacheTtl) {
    this.mongo = mongo;
    this.channels = channels;
    this.validator = validator;
    this.cache = new SettingsCache<>(cacheTtl);
  }

  /**
   * @throws ChannelNotFoundException for an unknown channel
   * @throws ConstraintViolationException naming every setting to fix; nothing is stored then
   */
  public ClientMailSettings save(ClientMailSettings settings) {
    channels.get(settings.channelId());
    var violations = validator.validate(settings);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    ClientMailSettings saved = mongo.save(settings);
    cache.invalidate(saved.channelId());
    return saved;
  }

  /** For the admin API: @throws ChannelNotFoundException for an unknown channel */
  public ClientMailSettings ofExisting(String channelId) {
    channels.get(channelId);
    return of(channelId);
  }

  /** The settings in force ({@link ClientMailSettings#defaults} for a channel never configured). */
  public ClientMailSettings of(String channelId) {
    return cache.get(channelId, id -> Optional.ofNullable(mongo.findById(id, ClientMailSettings.class)))
        .orElseGet(() -> ClientMailSettings.defaults(channelId));
  }
}
