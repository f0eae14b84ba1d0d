package dev.openlines.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/** Reads {@code Authorization: Bearer <key>}; a request without it stays anonymous. */
class BearerTokenConverter implements AuthenticationConverter {

  private static final String SCHEME = "bearer";

  @Override
  public Authentication convert(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      return null;
    }
    header = header.strip();
    boolean bearer =
        header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
            && (header.length() == SCHEME.length() || Character.isWhitespace(header.charAt(SCHEME.length())));
    if (!bearer) {
      return null;
    }
    String token = header.substring(SCHEME.length()).strip();
    if (token.isEmpty()) {
      throw new BadCredentialsException("The Authorization header has no key after 'Bearer'.");
    }
    return ApiKeyAuthentication.presented(token);
  }
}
