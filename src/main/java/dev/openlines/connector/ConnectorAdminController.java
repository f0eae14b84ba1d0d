package dev.openlines.connector;

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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/admin/channels/{channelId}/connectors")
@Tag(name = "Admin: connectors", description = "The messengers (live chat, Telegram, WhatsApp, Messenger, Instagram, Viber, e-mail) of an open channel; secrets are write-only")
class ConnectorAdminController {

  private final ConnectorAdminService connectors;
  private final ConnectorAdminProperties properties;

  ConnectorAdminController(ConnectorAdminService connectors, ConnectorAdminProperties properties) {
    this.connectors = connectors;
    this.properties = properties;
  }

  /** The configured public address, else the one this request came to. */
  private URI publicBaseUrl() {
    return properties.publicBaseUrl() != null
        ? properties.publicBaseUrl()
        : ServletUriComponentsBuilder.fromCurrentContextPath().build().toUri();
  }

  @GetMapping
  @RolesAllowed({ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "The connectors of an open channel." + Page.PAGED)
  ResponseEntity<List<ConnectorView>> list(
      @PathVariable String channelId,
      HttpServletRequest request,
      @RequestParam(required = false) @Parameter(description = "from the next link of the previous page") String after,
      @RequestParam(defaultValue = "100") @Parameter(description = "items per page, 1-500") int limit) {
    return Page.slice(connectors.list(channelId).stream().map(ConnectorView::of).toList(), ConnectorView::id, after, limit)
        .toResponse(request, "after");
  }

  @GetMapping("/{connectorId}")
  @RolesAllowed({ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "One connector, without its secrets")
  ConnectorView get(@PathVariable String channelId, @PathVariable String connectorId) {
    return ConnectorView.of(connectors.get(channelId, connectorId));
  }

  @PostMapping
  @RolesAllowed({ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "Add a connector", description = "409 when the open channel already has one of this type or the id is taken;"
      + " 400 when the provider refuses to register its webhook (Viber), and then nothing is saved.")
  ResponseEntity<ConnectorView> create(@PathVariable String channelId, @Valid @RequestBody ConnectorRequest request) {
    ConnectorSettings created = connectors.create(channelId, request, publicBaseUrl());
    return ResponseEntity.created(URI.create("/api/admin/channels/" + channelId + "/connectors/" + created.id()))
        .body(ConnectorView.of(created));
  }

  @PutMapping("/{connectorId}")
  @RolesAllowed({ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "Replace a connector's settings", description = "Send the secrets again: they are never returned.")
  ConnectorView update(
      @PathVariable String channelId, @PathVariable String connectorId, @Valid @RequestBody ConnectorRequest request) {
    return ConnectorView.of(connectors.update(channelId, connectorId, request, publicBaseUrl()));
  }

  @DeleteMapping("/{connectorId}")
  @RolesAllowed({ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "Remove a connector", description = "Its clients can no longer write in.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable String channelId, @PathVariable String connectorId) {
    connectors.delete(channelId, connectorId);
  }
}
