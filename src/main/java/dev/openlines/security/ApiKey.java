package dev.openlines.security;

import java.time.Instant;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A stored API key. The secret itself is never stored: only its SHA-256 hash, found through the public
 * {@code keyId} that every key carries in front of its secret. Revoked keys stay for the audit trail.
 *
 * @param keyId public, unique; shown in lists and logs to tell keys apart
 * @param secretHash hex SHA-256 of the whole token
 * @param label what the key is for, e.g. "Anna's laptop" or "CRM sync"
 * @param operatorId the operator the key acts as; required for the OPERATOR role
 * @param channelIds the open channels a BOT key serves; empty for other roles
 */
@Document("api_keys")
public record ApiKey(
    @Id String id,
    String keyId,
    String secretHash,
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

  public boolean active() {
    return revokedAt == null;
  }

  public ApiKeyPrincipal principal() {
    return new ApiKeyPrincipal(userId, displayName, roles, operatorId, keyId, channelIds == null ? Set.of() : channelIds);
  }
}
