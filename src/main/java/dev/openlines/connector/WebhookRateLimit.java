package dev.openlines.connector;

import dev.openlines.ratelimit.PublicRateLimiter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every messenger webhook ({@code /webhooks/{type}/{connectorId}}) is rate-limited per connector and calling
 * address before its body is read, with the connector's own limit ({@code rateLimits.webhookCallsPerMinutePerAddress})
 * or the service default. An unknown connector passes through to its controller's 404.
 */
@Configuration
class WebhookRateLimit implements WebMvcConfigurer, HandlerInterceptor {

  private final ConnectorSettingsService connectors;
  private final PublicRateLimiter limits;

  WebhookRateLimit(ConnectorSettingsService connectors, PublicRateLimiter limits) {
    this.connectors = connectors;
    this.limits = limits;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/webhooks/*/*");
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
        && variables.get("connectorId") instanceof String connectorId) {
      connectors.find(connectorId).ifPresent(connector ->
          limits.webhook(connectorId, connector.rateLimits(), request.getRemoteAddr()));
    }
    return true;
  }
}
