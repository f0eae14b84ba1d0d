package dev.openlines.tasklist;

import dev.openlines.security.ApiKeyPrincipal;
import dev.openlines.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The one access rule for every operation on one conversation ({@code /api/conversations/{id}/...}),
 * applied by URL so that a new endpoint there is covered without anyone remembering to call a check:
 * supervisors and admins may reach every conversation; an operator only one it holds or held, was
 * offered, or was invited into ({@link ConversationAccess#mayReach}). Operations marked
 * {@link QueueColleagues} also let the operators of the conversation's queue through (taking over).
 * Runs before the body is read, so an unrelated caller learns nothing from validation errors. The
 * services still check the finer state (an open offer, a held conversation) on top of this.
 */
class ConversationAccessGate implements HandlerInterceptor {

  static final String PATH = "/api/conversations/*/**";

  private final ConversationAccess access;

  ConversationAccessGate(ConversationAccess access) {
    this.access = access;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    String conversationId = conversationId(request);
    if (conversationId == null) {
      return true;
    }
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    ApiKeyPrincipal caller =
        authentication != null && authentication.getPrincipal() instanceof ApiKeyPrincipal principal ? principal : null;
    access.requireReach(conversationId, caller, method.hasMethodAnnotation(QueueColleagues.class));
    return true;
  }

  @SuppressWarnings("unchecked")
  private static String conversationId(HttpServletRequest request) {
    Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    if (!(variables instanceof Map<?, ?> map)) {
      return null;
    }
    Map<String, String> byName = (Map<String, String>) map;
    return byName.getOrDefault("id", byName.get("conversationId"));
  }

  static boolean seesEveryConversation(ApiKeyPrincipal caller) {
    return caller.hasRole(Role.SUPERVISOR) || caller.hasRole(Role.ADMIN);
  }
}
