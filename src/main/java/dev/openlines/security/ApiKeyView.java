package dev.openlines.security;

import java.time.Instant;
import java.util.Set;

/** An API key as the admin API shows it: everything except the secret and its hash. */
public record ApiKeyView(
    String id,
    String keyId,
    String userId,
    String displayName,
    Set<Role> roles,
    String operatorId,
    String label,
    String createdBy,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt,
    Set<String> channelIds) {

  static ApiKeyView of(ApiKey key) {
    return new ApiKeyView(
        key.id(),
        key.keyId(),
        key.userId(),
        key.displayName(),
        key.roles(),
        key.operatorId(),
        key.label(),
        key.createdBy(),
        key.createdAt(),
        key.lastUsedAt(),
        key.revokedAt(),
        key.channelIds() == null ? Set.of() : key.channelIds());
  }
}
