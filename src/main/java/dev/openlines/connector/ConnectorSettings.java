package dev.openlines.connector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.openlines.ratelimit.RateLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One connector of an open channel: which messenger, and the secrets and limits it needs. An open
 * channel has at most one connector per type (two Telegram bots need two open channels), enforced
 * by a unique index on (channel, type).
 *
 * @param id the connector id used in webhook and live-chat addresses
 * @param maxAttachmentBytes larger client files are stored as metadata only, flagged as too large
 * @param telegram required when {@code type} is {@code telegram}
 * @param liveChat required when {@code type} is {@code livechat}
 * @param rateLimits this connector's limits on its public surface; null or a missing field takes the
 *     service default ({@code openlines.rate-limits.defaults})
 */
@Document("connectors")
public record ConnectorSettings(
    @Id @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '-' or '_'") String id,
    @NotBlank(message = "must name the open channel") String channelId,
    @NotBlank @Pattern(regexp = ConnectorTypes.PATTERN, message = "must be one of " + ConnectorTypes.PATTERN)
        String type,
    @Positive(message = "must be a positive number of bytes") long maxAttachmentBytes,
    @Valid Telegram telegram,
    @Valid LiveChat liveChat,
    @Valid RateLimits rateLimits) {

  public ConnectorSettings(
      String id, String channelId, String type, long maxAttachmentBytes, Telegram telegram, LiveChat liveChat) {
    this(id, channelId, type, maxAttachmentBytes, telegram, liveChat, null);
  }

  /** Telegram's own download limit for bots; a sensible default for every connector. */
  public static final long DEFAULT_MAX_ATTACHMENT_BYTES = 20L * 1024 * 1024;

  public ConnectorSettings withId(String newId) {
    return new ConnectorSettings(newId, channelId, type, maxAttachmentBytes, telegram, liveChat, rateLimits);
  }

  @JsonIgnore
  @AssertTrue(message = "a telegram connector needs telegram.botToken and telegram.webhookSecret")
  public boolean isTelegramConfigured() {
    return !ConnectorTypes.TELEGRAM.equals(type) || telegram != null;
  }

  @JsonIgnore
  @AssertTrue(message = "a livechat connector needs liveChat settings")
  public boolean isLiveChatConfigured() {
    return !ConnectorTypes.LIVECHAT.equals(type) || liveChat != null;
  }

  /**
   * @param botToken from BotFather, {@code <bot id>:<secret>}
   * @param webhookSecret the {@code secret_token} given to setWebhook; Telegram sends it back in
   *     {@code X-Telegram-Bot-Api-Secret-Token} (1-256 of A-Z, a-z, 0-9, _ and -)
   * @param apiBaseUrl this bot's Bot API server, e.g. a self-hosted {@code telegram-bot-api}; null
   *     means {@code openlines.connectors.telegram.api-base-url}
   */
  public record Telegram(
      @NotBlank @Pattern(regexp = "\\d+:[A-Za-z0-9_-]+", message = "must look like 123456:ABC-def (from BotFather)")
          String botToken,
      @NotBlank
          @Size(min = 16, max = 256, message = "must be 16-256 characters")
          @Pattern(regexp = "[A-Za-z0-9_-]+", message = "may contain only A-Z, a-z, 0-9, '_' and '-'")
          String webhookSecret,
      java.net.URI apiBaseUrl) {

    public Telegram(String botToken, String webhookSecret) {
      this(botToken, webhookSecret, null);
    }

    @Override
    public String toString() {
      return "Telegram[botToken=***, webhookSecret=***, apiBaseUrl=" + apiBaseUrl + "]";
    }
  }

  /**
   * @param consentRequired the client must accept {@code consentText} before the first message
   * @param typingPreview operators see what the client is typing; otherwise only that they type
   */
  public record LiveChat(boolean consentRequired, String consentText, boolean typingPreview) {

    public LiveChat(boolean consentRequired, String consentText) {
      this(consentRequired, consentText, false);
    }

    @JsonIgnore
    @AssertTrue(message = "consentText is required when consentRequired is true")
    public boolean isConsentTextGiven() {
      return !consentRequired || (consentText != null && !consentText.isBlank());
    }
  }
}
