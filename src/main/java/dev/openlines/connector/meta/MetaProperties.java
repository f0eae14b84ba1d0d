package dev.openlines.connector.meta;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Meta's Graph API, shared by WhatsApp, Messenger and Instagram connectors.
 *
 * @param graphBaseUrl Graph API base with its version; a connector's own {@code apiBaseUrl} overrides it
 * @param timeout connect and read timeout of one call
 * @param rateLimitBackoff wait after a rate-limit answer that names no {@code Retry-After}
 */
@ConfigurationProperties("openlines.connectors.meta")
public record MetaProperties(
    @DefaultValue("https://graph.facebook.com/v23.0") URI graphBaseUrl,
    @DefaultValue("PT10S") Duration timeout,
    @DefaultValue("PT1M") Duration rateLimitBackoff) {

  public URI baseUrl(URI own) {
    return own != null ? own : graphBaseUrl;
  }
}
