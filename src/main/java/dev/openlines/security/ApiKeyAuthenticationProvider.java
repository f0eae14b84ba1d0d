package dev.openlines.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** Checks a presented bearer token against the stored API keys. */
@Component
public class ApiKeyAuthenticationProvider implements AuthenticationProvider {

  private final ApiKeyService apiKeys;

  public ApiKeyAuthenticationProvider(ApiKeyService apiKeys) {
    this.apiKeys = apiKeys;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String token = (String) authentication.getCredentials();
    return apiKeys
        .authenticate(token)
        .map(ApiKeyAuthentication::authenticated)
        .orElseThrow(() -> new BadCredentialsException("The API key is unknown or revoked."));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return ApiKeyAuthentication.class.isAssignableFrom(authentication);
  }
}
