package dev.openlines.channel;

import dev.openlines.api.ProblemField;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An open channel's chat bot, the first line before operators. OpenLines tells the bot about each new
 * conversation and each client message by POSTing JSON to {@code webhookUrl}, signed with {@code secret}
 * (header {@code X-OpenLines-Signature: sha256=<hex HMAC-SHA256 of the body>}); the bot answers through
 * the bot API with an API key of role BOT.
 *
 * @param enabled new conversations go to the bot first
 * @param webhookUrl where the bot service listens (http or https)
 * @param secret shared with the bot service to sign each call; write-only in the API
 * @param silenceTimeout how long the bot may say nothing (after it got the conversation, after a client
 *     message or after its own last message) before operators take the conversation anyway
 */
@Document("channelBotSettings")
public record BotSettings(
    @Id @NotBlank String channelId,
    boolean enabled,
    URI webhookUrl,
    @Size(min = 16, max = 256, message = "use 16 to 256 characters") String secret,
    @NotNull(message = "set how long the bot may stay silent, from PT10S to PT1H")
        @DurationMin(seconds = 10, message = "the bot must be given at least 10 seconds (PT10S)")
        @DurationMax(hours = 1, message = "the bot may stay silent at most one hour (PT1H)")
        Duration silenceTimeout) {

  @AssertTrue(message = "give the bot's webhook as an absolute http or https URL, e.g. https://bot.example.com/openlines")
  @ProblemField("webhookUrl")
  boolean isWebhookUrlUsable() {
    if (webhookUrl == null) {
      return !enabled;
    }
    String scheme = webhookUrl.getScheme();
    return webhookUrl.isAbsolute()
        && webhookUrl.getHost() != null
        && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
  }

  @AssertTrue(message = "an enabled bot needs a secret of 16 to 256 characters to sign the webhook calls")
  @ProblemField("secret")
  boolean isSecretSetWhenEnabled() {
    return !enabled || (secret != null && !secret.isBlank());
  }

  /** A channel without bot settings: no bot. */
  public static BotSettings disabled(String channelId) {
    return new BotSettings(channelId, false, null, null, Duration.ofMinutes(5));
  }
}
