package dev.openlines.security;

/**
 * The answer to creating a key: the only time its secret is shown.
 *
 * @param key the bearer token, {@code Authorization: Bearer <key>}; it cannot be shown again
 */
public record CreatedApiKey(String key, ApiKeyView apiKey) {}
