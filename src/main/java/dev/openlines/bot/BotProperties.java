package dev.openlines.bot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How OpenLines calls the chat bots' webhooks ({@code openlines.bot.*}).
 *
 * @param timeout connect and read timeout of one webhook call
 * @param retryBackoff wait before calling again after a temporary failure when the bot named no Retry-After
 */
@ConfigurationProperties("openlines.bot")
public record BotProperties(@DefaultValue("PT10S") Duration timeout, @DefaultValue("PT5S") Duration retryBackoff) {}
