package dev.openlines.connector;

import dev.openlines.api.ProblemField;
import dev.openlines.ratelimit.RateLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * What an admin sends to add or replace a connector of an open channel. Secrets are write-only: a
 * replacement sends them again, because they are never returned.
 *
 * @param id optional on create (generated when missing), ignored on replace
 * @param maxAttachmentBytes null means {@link ConnectorSettings#DEFAULT_MAX_ATTACHMENT_BYTES}
 * @param rateLimits null or missing fields mean the service defaults ({@code openlines.rate-limits.defaults})
 * @param attachmentTypes media types ({@code image/png}) or families ({@code image/*}) visitors and operators may upload;
 *     null or empty means {@link ConnectorSettings#DEFAULT_ATTACHMENT_TYPES}
 */
public record ConnectorRequest(
    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '-' or '_'") String id,
    @NotBlank(message = "must be one of " + ConnectorTypes.PATTERN)
        @Pattern(regexp = ConnectorTypes.PATTERN, message = "must be one of " + ConnectorTypes.PATTERN)
        String type,
    @Positive(message = "must be a positive number of bytes")
        @jakarta.validation.constraints.Max(value = ConnectorSettings.MAX_UPLOAD_BYTES, message = "must be at most 104857600 (100 MB), the most one upload may carry")
        Long maxAttachmentBytes,
    @Valid TelegramSettings telegram,
    @Valid LiveChatSettings liveChat,
    @Valid RateLimits rateLimits,
    @Valid WhatsAppSettings whatsApp,
    @Valid MetaSettings meta,
    @Valid ViberSettings viber,
    @Valid EmailSettings email,
    @jakarta.validation.constraints.Size(max = 50, message = "may list at most 50 types")
        java.util.List<
                @jakarta.validation.constraints.NotNull(message = "must be a media type, not null")
                @Pattern(regexp = ConnectorSettings.MEDIA_TYPE_PATTERN,
                    message = "must be a media type like image/png or a family like image/*, lower case")
                String>
            attachmentTypes) {

  public ConnectorRequest(
      String id, String type, Long maxAttachmentBytes, TelegramSettings telegram, LiveChatSettings liveChat,
      RateLimits rateLimits, WhatsAppSettings whatsApp, MetaSettings meta, ViberSettings viber,
      EmailSettings email) {
    this(id, type, maxAttachmentBytes, telegram, liveChat, rateLimits, whatsApp, meta, viber, email, null);
  }

  public ConnectorRequest(
      String id, String type, Long maxAttachmentBytes, TelegramSettings telegram, LiveChatSettings liveChat) {
    this(id, type, maxAttachmentBytes, telegram, liveChat, null, null, null, null, null);
  }

  ConnectorSettings toSettings(String connectorId, String channelId) {
    long maxBytes = maxAttachmentBytes == null ? ConnectorSettings.DEFAULT_MAX_ATTACHMENT_BYTES : maxAttachmentBytes;
    return new ConnectorSettings(
        connectorId, channelId, type, maxBytes, telegram, liveChat, rateLimits, whatsApp, meta, viber, email, attachmentTypes);
  }

  @AssertTrue(message = "a telegram connector needs telegram.botToken and telegram.webhookSecret")
  @ProblemField("telegram")
  public boolean isTelegram() {
    return !ConnectorTypes.TELEGRAM.equals(type) || telegram != null;
  }

  @AssertTrue(message = "a livechat connector needs liveChat settings, e.g. {\"consentRequired\": false}")
  @ProblemField("liveChat")
  public boolean isLiveChat() {
    return !ConnectorTypes.LIVECHAT.equals(type) || liveChat != null;
  }
}
