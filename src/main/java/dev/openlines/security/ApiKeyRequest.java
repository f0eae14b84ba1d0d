package dev.openlines.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/**
 * What an administrator asks for when creating an API key.
 *
 * @param userId stable id of the person or system, e.g. {@code anna} or {@code crm-sync}
 * @param operatorId required with the OPERATOR role: the operator the key acts as
 * @param channelIds required with the BOT role: the open channels whose conversations the chat bot serves
 */
public record ApiKeyRequest(
    @NotBlank
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._@-]{0,99}",
            message = "must be 1-100 letters, digits or . _ @ - and start with a letter or digit")
        String userId,
    @NotBlank @Size(max = 200) String displayName,
    @NotEmpty(message = "must list at least one of OPERATOR, SUPERVISOR, ADMIN, BOT") Set<@NotNull Role> roles,
    @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}",
            message = "must be 1-100 letters, digits or . _ - and start with a letter or digit")
        String operatorId,
    @Size(max = 200) String label,
    @Size(max = 100, message = "at most 100 channels") Set<@NotBlank String> channelIds) {

  /** A key that serves no channel (any role but BOT). */
  public ApiKeyRequest(String userId, String displayName, Set<Role> roles, String operatorId, String label) {
    this(userId, displayName, roles, operatorId, label, null);
  }

  public Set<String> channelIdsOrNone() {
    return channelIds == null ? Set.of() : channelIds;
  }
}
