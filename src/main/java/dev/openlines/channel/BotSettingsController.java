package dev.openlines.channel;

import dev.openlines.api.DeprecatedPaths;
import dev.openlines.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import java.net.URI;
import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for an open channel's chat bot. The shared secret is write-only: answers only say whether it is set. */
@RestController
@RequestMapping({DeprecatedPaths.BOT_SETTINGS, DeprecatedPaths.OLD_BOT_SETTINGS})
@Tag(name = "Admin: chat bot", description = "The chat bot that answers a channel's clients before operators")
class BotSettingsController {

  private final BotSettingsService settings;

  BotSettingsController(BotSettingsService settings) {
    this.settings = settings;
  }

  /** The body of PUT; {@code secret} may be left out to keep the stored one. */
  record BotSettingsRequest(boolean enabled, URI webhookUrl, String secret, Duration silenceTimeout) {}

  record BotSettingsView(boolean enabled, URI webhookUrl, boolean secretSet, Duration silenceTimeout) {
    static BotSettingsView of(BotSettings stored) {
      return new BotSettingsView(stored.enabled(), stored.webhookUrl(), stored.secret() != null, stored.silenceTimeout());
    }
  }

  @GetMapping
  @RolesAllowed({Role.Names.ADMIN, Role.Names.SUPERVISOR, Role.Names.CHANNEL_MANAGER})
  @Operation(summary = "The channel's chat bot settings", description = "A channel never configured has the bot disabled; 404 for an unknown channel.")
  BotSettingsView get(@PathVariable String channelId) {
    return BotSettingsView.of(settings.inForce(channelId));
  }

  @PutMapping
  @RolesAllowed({Role.Names.ADMIN, Role.Names.CHANNEL_MANAGER})
  @Operation(
      summary = "Set the channel's chat bot",
      description = "400 naming every field to fix (nothing saved); 404 for an unknown channel. silenceTimeout PT10S to PT1H.")
  BotSettingsView put(@PathVariable String channelId, @RequestBody BotSettingsRequest request) {
    return BotSettingsView.of(
        settings.save(new BotSettings(channelId, request.enabled(), request.webhookUrl(), request.secret(), request.silenceTimeout())));
  }
}
