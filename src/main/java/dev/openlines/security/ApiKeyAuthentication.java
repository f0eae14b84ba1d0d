package dev.openlines.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** Before authentication it carries the presented token; after, the caller and their roles. */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

  private final transient ApiKeyPrincipal principal;
  private String token;

  private ApiKeyAuthentication(String token) {
    super(null);
    this.token = token;
    this.principal = null;
  }

  private ApiKeyAuthentication(ApiKeyPrincipal principal) {
    super(principal.roles().stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList());
    this.principal = principal;
    setAuthenticated(true);
  }

  static ApiKeyAuthentication presented(String token) {
    return new ApiKeyAuthentication(token);
  }

  static ApiKeyAuthentication authenticated(ApiKeyPrincipal principal) {
    return new ApiKeyAuthentication(principal);
  }

  @Override
  public Object getCredentials() {
    return token;
  }

  @Override
  public ApiKeyPrincipal getPrincipal() {
    return principal;
  }

  @Override
  public String getName() {
    return principal == null ? "" : principal.userId();
  }

  @Override
  public void eraseCredentials() {
    super.eraseCredentials();
    token = null;
  }
}
