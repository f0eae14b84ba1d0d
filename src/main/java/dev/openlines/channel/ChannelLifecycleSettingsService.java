package dev.openlines.channel;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;
import org.springframework.validation.annotation.Validated;

/** Saves (validated) and reads the lifecycle settings of open channels. */
@Service
@Validated
public class ChannelLifecycleSettingsService {

  private final MongoTemplate mongo;

  public ChannelLifecycleSettingsService(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** Replaces the channel's settings; invalid settings are rejected and nothing is stored. */
  public ChannelLifecycleSettings save(@Valid ChannelLifecycleSettings settings) {
    return mongo.save(settings);
  }

  public Optional<ChannelLifecycleSettings> find(@NotBlank String channelId) {
    return Optional.ofNullable(mongo.findById(channelId, ChannelLifecycleSettings.class));
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
