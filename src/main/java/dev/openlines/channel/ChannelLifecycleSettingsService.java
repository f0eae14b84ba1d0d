package dev.openlines.channel;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;
import org.springframework.validation.annotation.Validated;

/** Saves (validated) and reads the lifecycle settings of open channels. */
@Service
@Validated
public class ChannelLifecycleSettingsService {

  private final MongoTemplate mongo;
  private final ChannelService channels;
  private final ApplicationEventPublisher events;
  private final SettingsCache<String, ChannelLifecycleSettings> cache;

  public ChannelLifecycleSettingsService(
      MongoTemplate mongo,
      ChannelService channels,
      ApplicationEventPublisher events,
      @Value("${openlines.settings.cache-ttl:PT2S}") Duration cacheTtl) {
    this.mongo = mongo;
    this.channels = channels;
    this.events = events;
    this.cache = new SettingsCache<>(cacheTtl);
  }

  /** Replaces the channel's settings; invalid settings are rejected and nothing is stored. */
  public ChannelLifecycleSettings save(@Valid ChannelLifecycleSettings settings) {
    ChannelLifecycleSettings before = mongo.findById(settings.channelId(), ChannelLifecycleSettings.class);
    ChannelLifecycleSettings saved = mongo.save(settings);
    cache.invalidate(saved.channelId());
    if (!Objects.equals(before == null ? null : before.workingHours(), saved.workingHours())) {
      events.publishEvent(new ChannelHoursChangedEvent(saved.channelId()));
    }
    return saved;
  }

  /**
   * For the admin API: replaces the settings of an existing channel.
   *
   * @throws ChannelNotFoundException for an unknown channel; nothing is stored then
   */
  public ChannelLifecycleSettings replace(@Valid ChannelLifecycleSettings settings) {
    channels.get(settings.channelId());
    return save(settings);
  }

  public Optional<ChannelLifecycleSettings> find(@NotBlank String channelId) {
    return cache.get(channelId, id -> Optional.ofNullable(mongo.findById(id, ChannelLifecycleSettings.class)));
  }

  /**
   * For the admin API: the settings in force. A channel never configured has every part switched off (no
   * working hours, automatic messages, response-time limits or timeout), which is what the service then does.
   *
   * @throws ChannelNotFoundException for an unknown channel
   */
  public ChannelLifecycleSettings inForce(String channelId) {
    return find(channelId).orElseGet(() -> new ChannelLifecycleSettings(channels.get(channelId).getId(), null, null, null, null));
  }

  /** Call after the settings were removed from the store. */
  void forget(String channelId) {
    cache.invalidate(channelId);
  }

  public Optional<WorkingHours> workingHours(String channelId) {
    return find(channelId).map(ChannelLifecycleSettings::workingHours);
  }

  /** Empty when the channel's conversations never close themselves. */
  public Optional<ConversationTimeout> conversationTimeout(String channelId) {
    return find(channelId).map(ChannelLifecycleSettings::conversationTimeout);
  }

  public Optional<AutomaticActions> automaticActions(String channelId) {
    return find(channelId).map(ChannelLifecycleSettings::automaticActions);
  }
}
