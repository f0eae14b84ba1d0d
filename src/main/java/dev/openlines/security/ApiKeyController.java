package dev.openlines.security;

import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.RequestParam;
import jakarta.servlet.http.HttpServletRequest;
import dev.openlines.api.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/api-keys")
@RolesAllowed(Role.Names.ADMIN)
@Tag(name = "API keys", description = "Credentials of operators, supervisors, administrators and systems")
class ApiKeyController {

  private final ApiKeyService apiKeys;

  ApiKeyController(ApiKeyService apiKeys) {
    this.apiKeys = apiKeys;
  }

  @PostMapping
  @Operation(
      summary = "Create an API key",
      description = "The answer holds the secret key; it is never shown again. An OPERATOR key names an existing operator, "
          + "a BOT key the existing open channels its chat bot serves (channelIds, at least one); 400 otherwise.")
  ResponseEntity<CreatedApiKey> create(
      @Valid @RequestBody ApiKeyRequest request, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    CreatedApiKey created = apiKeys.issue(request, caller.userId());
    return ResponseEntity.created(URI.create("/api/admin/api-keys/" + created.apiKey().id())).body(created);
  }

  @GetMapping
  @Operation(summary = "List API keys, revoked ones included (never their secrets)." + Page.PAGED)
  ResponseEntity<List<ApiKeyView>> list(
      HttpServletRequest request,
      @RequestParam(required = false) @Parameter(description = "from the next link of the previous page") String after,
      @RequestParam(defaultValue = "100") @Parameter(description = "items per page, 1-500") int limit) {
    return Page.slice(apiKeys.list(), ApiKeyView::id, after, limit).toResponse(request, "after");
  }

  @DeleteMapping("/{id}")
  @Operation(
      summary = "Revoke an API key",
      description = "{id} is the key's id or its keyId (the part after olk_ in the key). Revoking twice is harmless. The last active ADMIN key cannot be revoked (409).")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@PathVariable String id) {
    apiKeys.revoke(id);
  }
}
