package dev.openlines.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param initialAdminKey the API key the first ADMIN key gets when the store has no active ADMIN key yet,
 *     for deployments that set it from a secret (and for tests); at least 32 characters. Left empty, a
 *     random key is generated and printed to the log once.
 */
@ConfigurationProperties("openlines.security")
public record ApiSecurityProperties(String initialAdminKey) {

  public ApiSecurityProperties {
    if (initialAdminKey != null && !initialAdminKey.isBlank() && initialAdminKey.strip().length() < 32) {
      throw new IllegalArgumentException(
          "openlines.security.initial-admin-key must be at least 32 characters (e.g. `openssl rand -base64 32`)");
    }
  }

  boolean hasInitialAdminKey() {
    return initialAdminKey != null && !initialAdminKey.isBlank();
  }
}
