package dev.openlines.connector.telegram;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param apiBaseUrl the Bot API server; a self-hosted {@code telegram-bot-api} server works the same
 *     way. A connector's own {@code telegram.apiBaseUrl} setting overrides it.
 * @param timeout connect and read timeout of one Bot API call
 */
@ConfigurationProperties("openlines.connectors.telegram")
public record TelegramProperties(
    @DefaultValue("https://api.telegram.org") URI apiBaseUrl, @DefaultValue("PT10S") Duration timeout) {}
