package dev.openlines.connector;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A Telegram bot (Bot API): what a {@code telegram} connector needs.
 *
 * @param botToken from BotFather, {@code <bot id>:<secret>}
 * @param webhookSecret the {@code secret_token} given to setWebhook; Telegram sends it back in
 *     {@code X-Telegram-Bot-Api-Secret-Token} (1-256 of A-Z, a-z, 0-9, _ and -)
 * @param apiBaseUrl this bot's Bot API server, e.g. a self-hosted {@code telegram-bot-api}; null
 *     means {@code openlines.connectors.telegram.api-base-url}
 */
public record TelegramSettings(
    @NotBlank @Pattern(regexp = "\\d+:[A-Za-z0-9_-]+", message = "must look like 123456:ABC-def (from BotFather)")
        String botToken,
    @NotBlank
        @Size(min = 16, max = 256, message = "must be 16-256 characters")
        @Pattern(regexp = "[A-Za-z0-9_-]+", message = "may contain only A-Z, a-z, 0-9, '_' and '-'")
        String webhookSecret,
    java.net.URI apiBaseUrl) {

  public TelegramSettings(String botToken, String webhookSecret) {
    this(botToken, webhookSecret, null);
  }

  @Override
  public String toString() {
    return "Telegram[botToken=***, webhookSecret=***, apiBaseUrl=" + apiBaseUrl + "]";
  }
}
