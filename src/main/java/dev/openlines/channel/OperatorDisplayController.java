package dev.openlines.channel;

import dev.openlines.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API: what a channel shows its clients of the operator who writes (name and photo). */
@RestController
@RequestMapping("/api/admin/channels/{channelId}/operator-display")
@Tag(name = "Admin: operator display", description = "The operator's name and photo clients see")
class OperatorDisplayController {

  private final OperatorDisplayService displays;

  OperatorDisplayController(OperatorDisplayService displays) {
    this.displays = displays;
  }

  /** The body of PUT. */
  record OperatorDisplayRequest(OperatorDisplay.Mode mode, List<OperatorDisplay.Entry> entries) {}

  @GetMapping
  @RolesAllowed({Role.Names.ADMIN, Role.Names.SUPERVISOR})
  @Operation(summary = "What the channel shows clients of its operators", description = "Never configured: OWN_PROFILE.")
  OperatorDisplay get(@PathVariable String channelId) {
    return displays.ofExisting(channelId);
  }

  @PutMapping
  @RolesAllowed(Role.Names.ADMIN)
  @Operation(
      summary = "Set what the channel shows clients of its operators",
      description = "mode OWN_PROFILE (the operator's name and photo), CHANNEL_ENTRIES (entries: [{operatorId, name, photoUrl}]) "
          + "or HIDDEN. 400 naming every field to fix (nothing saved); 404 for an unknown channel.")
  OperatorDisplay put(@PathVariable String channelId, @RequestBody OperatorDisplayRequest request) {
    return displays.save(new OperatorDisplay(channelId, request.mode(), request.entries()));
  }
}
