package dev.openlines.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "API keys")
class MeController {

  @GetMapping("/api/me")
  @RolesAllowed({Role.Names.OPERATOR, Role.Names.SUPERVISOR, Role.Names.ADMIN, Role.Names.BOT, Role.Names.CHANNEL_MANAGER})
  @Operation(summary = "Who the presented API key belongs to, with its roles, operator id and (BOT and CHANNEL_MANAGER keys) its channels")
  ApiKeyPrincipal me(@AuthenticationPrincipal ApiKeyPrincipal caller) {
    return caller;
  }
}
