package dev.openlines.connector;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param publicBaseUrl where messengers reach this service (https, behind the reverse proxy), used
 *     for webhooks the service registers itself; null means the address the admin's request came to
 */
@ConfigurationProperties("openlines.connectors")
public record ConnectorAdminProperties(URI publicBaseUrl) {}
