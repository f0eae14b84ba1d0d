package dev.openlines.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.UriTemplate;

/**
 * Paths renamed to the one naming scheme (the caller's own resources under {@code /api/operators/me},
 * admin settings under {@code /api/admin}), kept working for one release as aliases: each handler maps
 * both paths, and an answer on an old path carries {@code Deprecation: true} (RFC 9745) and a
 * {@code Link} to its successor; OpenAPI marks the old path's operations deprecated.
 */
@Configuration
public class DeprecatedPaths implements WebMvcConfigurer {

  public static final String INBOX = "/api/operators/me/inbox";
  public static final String OLD_INBOX = "/api/operator/inbox";
  public static final String STREAM_TICKETS = "/api/operators/me/stream-tickets";
  public static final String OLD_STREAM_TICKETS = "/api/operator/stream-tickets";
  public static final String EVENTS = "/api/operators/me/events";
  public static final String OLD_EVENTS = "/api/operator/events";
  public static final String BOT_SETTINGS = "/api/admin/channels/{channelId}/bot-settings";
  public static final String OLD_BOT_SETTINGS = "/api/channels/{channelId}/bot-settings";
  public static final String LIFECYCLE_SETTINGS = "/api/admin/channels/{channelId}/lifecycle-settings";
  public static final String OLD_LIFECYCLE_SETTINGS = "/api/channels/{channelId}/lifecycle-settings";

  /** Old path pattern -> its successor. */
  static final Map<String, String> SUCCESSORS =
      Map.of(
          OLD_INBOX, INBOX,
          OLD_STREAM_TICKETS, STREAM_TICKETS,
          OLD_EVENTS, EVENTS,
          OLD_BOT_SETTINGS, BOT_SETTINGS,
          OLD_LIFECYCLE_SETTINGS, LIFECYCLE_SETTINGS);

  /** The old path patterns still answered (each with {@code {variables}}), for clients that must not use them. */
  public static java.util.Set<String> deprecated() {
    return SUCCESSORS.keySet();
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new DeprecationHeaders());
  }

  @Bean
  OpenApiCustomizer deprecatedPathsInOpenApi() {
    return openApi -> markDeprecated(openApi);
  }

  static void markDeprecated(OpenAPI openApi) {
    if (openApi.getPaths() == null) {
      return;
    }
    SUCCESSORS.forEach((old, successor) -> {
      PathItem item = openApi.getPaths().get(old);
      if (item != null) {
        item.readOperations().forEach(operation -> {
          operation.setDeprecated(true);
          operation.setDescription(
              "Deprecated alias of " + successor + ", removed in the next release."
                  + (operation.getDescription() == null ? "" : " " + operation.getDescription()));
          if (operation.getOperationId() != null && !operation.getOperationId().endsWith("Deprecated")) {
            operation.setOperationId(operation.getOperationId() + "Deprecated");
          }
        });
      }
    });
  }

  /** Tells callers of an old path where it moved, without changing the answer. */
  static final class DeprecationHeaders implements HandlerInterceptor {
    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
      Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
      String successor = pattern == null ? null : SUCCESSORS.get(pattern.toString());
      if (successor != null) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
            (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String location = new UriTemplate(successor).expand(variables == null ? Map.of() : variables).toString();
        response.setHeader("Deprecation", "true");
        response.addHeader(HttpHeaders.LINK, "<" + location + ">; rel=\"successor-version\"");
      }
      return true;
    }
  }
}
