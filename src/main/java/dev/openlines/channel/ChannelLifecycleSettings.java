package dev.openlines.channel;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The lifecycle part of an open channel's configuration: working hours, automatic messages,
 * response-time limits and the conversation timeout, stored under the channel's id. A part left null
 * is switched off (no working hours = always open; no KPI = not tracked; no timeout = never closes itself).
 */
@Document("channelLifecycleSettings")
public record ChannelLifecycleSettings(
    @Id @NotBlank String channelId,
    @Valid WorkingHours workingHours,
    @Valid AutomaticActions automaticActions,
    @Valid KpiSettings kpi,
    @Valid ConversationTimeout conversationTimeout) {

  /** Settings without a conversation timeout. */
  public ChannelLifecycleSettings(
      String channelId, WorkingHours workingHours, AutomaticActions automaticActions, KpiSettings kpi) {
    this(channelId, workingHours, automaticActions, kpi, null);
  }
}
