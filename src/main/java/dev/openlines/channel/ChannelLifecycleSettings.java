package dev.openlines.channel;

import dev.openlines.kpi.KpiSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The lifecycle part of an open channel's configuration: working hours, automatic messages and
 * response-time limits, stored under the channel's id. A part left null is switched off
 * (no working hours = always open; no KPI = not tracked).
 */
@Document("channelLifecycleSettings")
public record ChannelLifecycleSettings(
    @Id @NotBlank String channelId,
    @Valid WorkingHours workingHours,
    @Valid AutomaticActions automaticActions,
    @Valid KpiSettings kpi) {}
