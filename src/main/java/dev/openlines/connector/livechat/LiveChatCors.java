package dev.openlines.connector.livechat;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * CORS for the website widget on another origin. Starting a chat names the connector in the path, so only
 * that connector's {@code allowedOrigins} count; the calls after it carry only the session token, which a
 * preflight does not show, so an origin listed by any live-chat connector passes the browser's check and
 * the token decides the rest (a page cannot use a session it did not start). The widget's script is
 * public to every origin; every other path is same-origin only.
 */
@Component("corsConfigurationSource")
class LiveChatCors implements CorsConfigurationSource {

  private static final Pattern CHAT_START = Pattern.compile("^/livechat/([A-Za-z0-9_-]{1,64})/chats$");

  private final ConnectorSettingsService connectors;

  LiveChatCors(ConnectorSettingsService connectors) {
    this.connectors = connectors;
  }

  @Override
  public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (path.startsWith("/widget/")) {
      CorsConfiguration anyone = new CorsConfiguration();
      anyone.addAllowedOrigin("*");
      anyone.setAllowedMethods(List.of("GET", "HEAD"));
      return anyone;
    }
    if (!path.startsWith("/livechat/") || origin == null) {
      return null;
    }
    Matcher start = CHAT_START.matcher(path);
    boolean allowed = start.matches()
        ? connectors.find(start.group(1), ConnectorTypes.LIVECHAT).map(ConnectorSettings::liveChat).map(chat -> chat.allowsOrigin(origin)).orElse(false)
        : connectors.anyLiveChatAllows(origin);
    if (!allowed) {
      return null;
    }
    CorsConfiguration config = new CorsConfiguration();
    config.setAllowedOrigins(List.of(origin));
    config.setAllowedMethods(List.of("GET", "POST"));
    config.setAllowedHeaders(List.of("Content-Type", LiveChatController.TOKEN_HEADER, "Last-Event-ID", "Cache-Control"));
    config.setMaxAge(Duration.ofMinutes(10));
    return config;
  }
}
