package dev.openlines.channel;

import static dev.openlines.security.Role.Names.CHANNEL_MANAGER;

import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.RequestParam;
import jakarta.servlet.http.HttpServletRequest;
import dev.openlines.api.Page;
import static dev.openlines.security.Role.Names.ADMIN;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/channels")
@Tag(name = "Admin: open channels", description = "Open channels and their queue settings")
class ChannelAdminController {

  private final ChannelAdminService channels;

  ChannelAdminController(ChannelAdminService channels) {
    this.channels = channels;
  }

  @GetMapping
  @RolesAllowed(ADMIN)
  @Operation(summary = "All open channels, by id." + Page.PAGED)
  ResponseEntity<List<OpenChannel>> list(
      HttpServletRequest request,
      @RequestParam(required = false) @Parameter(description = "from the next link of the previous page") String after,
      @RequestParam(defaultValue = "100") @Parameter(description = "items per page, 1-500") int limit) {
    return Page.slice(channels.list(), OpenChannel::getId, after, limit).toResponse(request, "after");
  }

  @GetMapping("/{channelId}")
  @RolesAllowed({ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "One open channel")
  OpenChannel get(@PathVariable String channelId) {
    return channels.get(channelId);
  }

  @PostMapping
  @RolesAllowed(ADMIN)
  @Operation(summary = "Add an open channel", description = "409 when the id is taken. Lifecycle settings: /api/channels/{id}/lifecycle-settings.")
  ResponseEntity<OpenChannel> create(@Valid @RequestBody ChannelRequest request) {
    OpenChannel created = channels.create(request);
    return ResponseEntity.created(URI.create("/api/admin/channels/" + created.getId())).body(created);
  }

  @PutMapping("/{channelId}")
  @RolesAllowed({ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "Change an open channel's name, time zone and queue")
  OpenChannel update(@PathVariable String channelId, @Valid @RequestBody ChannelRequest request) {
    return channels.update(channelId, request);
  }

  @DeleteMapping("/{channelId}")
  @RolesAllowed(ADMIN)
  @Operation(summary = "Delete an open channel", description = "409 while it has live conversations.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable String channelId) {
    channels.delete(channelId);
  }
}
