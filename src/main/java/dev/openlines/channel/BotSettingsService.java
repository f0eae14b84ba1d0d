package dev.openlines.channel;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/** Saves (validated, nothing stored on bad input) and reads the chat bot settings of open channels. */
@Service
public class BotSettingsService {

  private final MongoTemplate mongo;
  private final ChannelService channels;
  private final Validator validator;
  private final SettingsCache<String, BotSettings> cache;

  public BotSettingsService(MongoTemplate mongo, ChannelService channels, Validator validator, @Value("${openlines.settings.cache-ttl:PT2S}") Duration cacheTtl) {
    this.mongo = mongo;
    this.channels = channels;
    this.validator = validator;
    this.cache = new SettingsCache<>(cacheTtl);
  }

  /**
   * Replaces the channel's bot settings. A null secret keeps the stored one, so an admin can change the
   * URL or the timeout without knowing the secret.
   *
   * @throws ChannelNotFoundException for an unknown channel
   * @throws ConstraintViolationException naming every setting to fix; nothing is stored then
   */
  public BotSettings save(BotSettings settings) {
    channels.get(settings.channelId());
    BotSettings merged = settings;
    if (settings.secret() == null) {
      String stored = find(settings.channelId()).map(BotSettings::secret).orElse(null);
      merged = new BotSettings(settings.channelId(), settings.enabled(), settings.webhookUrl(), stored, settings.silenceTimeout());
    }
    var violations = validator.validate(merged);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    BotSettings saved = mongo.save(merged);
    cache.invalidate(saved.channelId());
    return saved;
  }

  public Optional<BotSettings> find(String channelId) {
    return cache.get(channelId, id -> Optional.ofNullable(mongo.findById(id, BotSettings.class)));
  }

  /** The settings in force: a channel never configured has no bot. */
  public BotSettings of(String channelId) {
    return find(channelId).orElseGet(() -> BotSettings.disabled(channelId));
  }

  /**
   * For the admin API: the settings in force of an existing channel (a channel never configured has no bot).
   * Unlike {@link #of}, which the conversation path calls for channels it knows, an unknown id is an error here:
   * answering "bot off" for a channel that does not exist would hide a typo in the admin's request.
   *
   * @throws ChannelNotFoundException for an unknown channel
   */
  public BotSettings inForce(String channelId) {
    channels.get(channelId);
    return of(channelId);
  }

  /** Call after the settings were removed from the store. */
  void forget(String channelId) {
    cache.invalidate(channelId);
  }
}
