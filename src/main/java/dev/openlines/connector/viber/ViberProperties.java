package dev.openlines.connector.viber;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param apiBaseUrl the REST bot API; a connector's own {@code apiBaseUrl} overrides it
 * @param timeout connect and read timeout of one call
 * @param rateLimitBackoff wait after Viber's "too many requests" (status 12), which names no wait of its own
 */
@ConfigurationProperties("openlines.connectors.viber")
public record ViberProperties(
    @DefaultValue("https://chatapi.viber.com/pa") URI apiBaseUrl,
    @DefaultValue("PT10S") Duration timeout,
    @DefaultValue("PT1M") Duration rateLimitBackoff) {

  URI baseUrl(URI own) {
    return own != null ? own : apiBaseUrl;
  }
}
