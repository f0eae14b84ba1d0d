package dev.openlines.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Applies the controller method's {@code @RolesAllowed} in the filter chain, before the request is bound
 * and validated. Method security alone checks the role only when the method is called, after
 * {@code @Valid} ran: a caller without the role then got a 400 naming the fields to fix instead of a 403.
 * The annotation stays the one place where an endpoint's roles are written down.
 */
final class HandlerRolesAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

  private final AuthenticatedAuthorizationManager<RequestAuthorizationContext> authenticated =
      AuthenticatedAuthorizationManager.authenticated();
  private final ObjectProvider<RequestMappingHandlerMapping> mappings;

  HandlerRolesAuthorization(ObjectProvider<RequestMappingHandlerMapping> mappings) {
    this.mappings = mappings;
  }

  @Override
  public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
    AuthorizationDecision signedIn = authenticated.check(authentication, context);
    if (signedIn == null || !signedIn.isGranted()) {
      return new AuthorizationDecision(false);
    }
    Set<String> required = requiredAuthorities(context.getRequest());
    if (required.isEmpty()) {
      return new AuthorizationDecision(true);
    }
    Set<String> held =
        authentication.get().getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
    boolean grantedOtherwise = held.stream().filter(role -> !role.equals(Role.CHANNEL_MANAGER.authority())).anyMatch(required::contains);
    if (grantedOtherwise) {
      return new AuthorizationDecision(true);
    }
    if (!required.contains(Role.CHANNEL_MANAGER.authority()) || !held.contains(Role.CHANNEL_MANAGER.authority())) {
      return new AuthorizationDecision(false);
    }
    // Only as channel manager: on a channel's path, for a channel of the key's own list; on a path naming
    // no channel (GET /api/me) the role counts like any other.
    Optional<Map<String, String>> variables = pathVariables(context.getRequest());
    boolean namesNoChannel = variables.isPresent() && !variables.get().containsKey("channelId");
    return new AuthorizationDecision(namesNoChannel
        || authentication.get().getPrincipal() instanceof ApiKeyPrincipal caller
            && variables.map(v -> v.get("channelId")).filter(caller::managesChannel).isPresent());
  }

  /** The variables of the matched path, set on the request when the handler was looked up; empty if it was not. */
  @SuppressWarnings("unchecked")
  private static Optional<Map<String, String>> pathVariables(HttpServletRequest request) {
    Object variables = request.getAttribute(org.springframework.web.servlet.HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    return variables instanceof Map<?, ?> map ? Optional.of((Map<String, String>) map) : Optional.empty();
  }

  /** Empty when no handler matches (the dispatcher answers 404/405) or it declares no roles. */
  private Set<String> requiredAuthorities(HttpServletRequest request) {
    RequestMappingHandlerMapping mapping = mappings.getIfAvailable();
    if (mapping == null) {
      return Set.of();
    }
    boolean parsedHere = !ServletRequestPathUtils.hasParsedRequestPath(request);
    if (parsedHere) {
      ServletRequestPathUtils.parseAndCache(request);
    }
    try {
      HandlerExecutionChain chain = mapping.getHandler(request);
      if (chain == null || !(chain.getHandler() instanceof HandlerMethod handler)) {
        return Set.of();
      }
      RolesAllowed roles = rolesOf(handler);
      return roles == null
          ? Set.of()
          : Arrays.stream(roles.value()).map(role -> "ROLE_" + role).collect(Collectors.toUnmodifiableSet());
    } catch (Exception noMatch) {
      // 405, 415 and the like: the dispatcher reports them; only authentication is required here.
      return Set.of();
    } finally {
      if (parsedHere) {
        ServletRequestPathUtils.clearParsedRequestPath(request);
      }
    }
  }

  private static RolesAllowed rolesOf(HandlerMethod handler) {
    RolesAllowed onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RolesAllowed.class);
    return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RolesAllowed.class);
  }
}
