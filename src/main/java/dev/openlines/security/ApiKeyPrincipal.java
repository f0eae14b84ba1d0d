package dev.openlines.security;

import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: take it in a controller with {@code @AuthenticationPrincipal ApiKeyPrincipal caller}.
 *
 * @param operatorId set for keys with the OPERATOR role: the operator whose conversations the caller works
 * @param keyId the public id of the API key used, for audit logs
 */
public record ApiKeyPrincipal(
    String userId, String displayName, Set<Role> roles, String operatorId, String keyId) {

  public boolean hasRole(Role role) {
    return roles.contains(role);
  }

  public Optional<String> operator() {
    return Optional.ofNullable(operatorId);
  }
}
