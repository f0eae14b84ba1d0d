package dev.openlines.security;

import dev.openlines.api.ForbiddenException;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: take it in a controller with {@code @AuthenticationPrincipal ApiKeyPrincipal caller}.
 *
 * @param operatorId set for keys with the OPERATOR role: the operator whose conversations the caller works
 * @param keyId the public id of the API key used, for audit logs
 * @param channelIds for BOT keys: the open channels whose conversations the chat bot may act on
 */
public record ApiKeyPrincipal(
    String userId, String displayName, Set<Role> roles, String operatorId, String keyId, Set<String> channelIds) {

  public ApiKeyPrincipal(String userId, String displayName, Set<Role> roles, String operatorId, String keyId) {
    this(userId, displayName, roles, operatorId, keyId, Set.of());
  }

  /** Whether a BOT key serves the open channel (a key of another role serves none). */
  public boolean servesChannel(String channelId) {
    return hasRole(Role.BOT) && channelIds.contains(channelId);
  }

  /** Whether a CHANNEL_MANAGER key may configure the open channel (a key of another role manages none). */
  public boolean managesChannel(String channelId) {
    return hasRole(Role.CHANNEL_MANAGER) && channelIds.contains(channelId);
  }

  public boolean hasRole(Role role) {
    return roles.contains(role);
  }

  public Optional<String> operator() {
    return Optional.ofNullable(operatorId);
  }

  /**
   * For operator actions: the operator this caller acts as.
   *
   * @throws ForbiddenException when the key is not an OPERATOR key
   */
  public String requireOperatorId() {
    if (!hasRole(Role.OPERATOR) || operatorId == null) {
      throw new ForbiddenException("Only an API key with the OPERATOR role and an operator id may do this.");
    }
    return operatorId;
  }
}
