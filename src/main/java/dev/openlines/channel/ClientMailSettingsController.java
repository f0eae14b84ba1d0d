package dev.openlines.channel;

import dev.openlines.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API: the e-mails a channel sends its live-chat visitors (language, new-message mail). */
@RestController
@RequestMapping("/api/admin/channels/{channelId}/client-mail")
@Tag(name = "Admin: client e-mails", description = "Language of the visitors' mails and the new-message mail")
class ClientMailSettingsController {

  private final ClientMailSettingsService settings;

  ClientMailSettingsController(ClientMailSettingsService settings) {
    this.settings = settings;
  }

  /** The body of PUT. */
  record ClientMailRequest(String language, boolean newMessageMail, Duration goneAfter) {}

  @GetMapping
  @RolesAllowed({Role.Names.ADMIN, Role.Names.SUPERVISOR})
  @Operation(summary = "The channel's client e-mail settings", description = "Never configured: en, no new-message mail.")
  ClientMailSettings get(@PathVariable String channelId) {
    return settings.ofExisting(channelId);
  }

  @PutMapping
  @RolesAllowed(Role.Names.ADMIN)
  @Operation(
      summary = "Set the channel's client e-mail settings",
      description = "language en, de or ru; newMessageMail: mail the visitor an operator's message once no widget of the chat "
          + "has been connected for goneAfter (PT0S to PT24H). 400 naming every field to fix (nothing saved); 404 for an unknown channel.")
  ClientMailSettings put(@PathVariable String channelId, @RequestBody ClientMailRequest request) {
    return settings.save(new ClientMailSettings(channelId, request.language(), request.newMessageMail(), request.goneAfter()));
  }
}
