package dev.openlines.connector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.openlines.api.ProblemField;
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
 * @param maxAttachmentBytes larger client files are stored as metadata only, flagged as too large; an upload (live-chat
 *     visitor, operator) over it is refused with 413. At most {@value #MAX_UPLOAD_BYTES} (100 MB), what one upload may carry
 * @param telegram required when {@code type} is {@code telegram}
 * @param liveChat required when {@code type} is {@code livechat}
 * @param rateLimits this connector's limits on its public surface; null or a missing field takes the
 *     service default ({@code openlines.rate-limits.defaults})
 * @param whatsApp required when {@code type} is {@code whatsapp}
 * @param meta required when {@code type} is {@code messenger} or {@code instagram}
 * @param viber required when {@code type} is {@code viber}
 * @param email required when {@code type} is {@code email}
 * @param attachmentTypes the file types a visitor or an operator may upload here, as media types ({@code image/png}) or
 *     families ({@code image/*}); empty means {@link #DEFAULT_ATTACHMENT_TYPES}. The type is read from the file's content
 *     and name, not from what the browser claims
 */
@Document("connectors")
public record ConnectorSettings(
    @Id @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '-' or '_'") String id,
    @NotBlank(message = "must name the open channel") String channelId,
    @NotBlank @Pattern(regexp = ConnectorTypes.PATTERN, message = "must be one of " + ConnectorTypes.PATTERN)
        String type,
    @Positive(message = "must be a positive number of bytes")
        @jakarta.validation.constraints.Max(value = MAX_UPLOAD_BYTES, message = "must be at most 104857600 (100 MB), the most one upload may carry")
        long maxAttachmentBytes,
    @Valid TelegramSettings telegram,
    @Valid LiveChatSettings liveChat,
    @Valid RateLimits rateLimits,
    @Valid WhatsAppSettings whatsApp,
    @Valid MetaSettings meta,
    @Valid ViberSettings viber,
    @Valid EmailSettings email,
    @Size(max = 50, message = "may list at most 50 types")
        java.util.List<
                @jakarta.validation.constraints.NotNull(message = "must be a media type, not null")
                @Pattern(regexp = MEDIA_TYPE_PATTERN,
                    message = "must be a media type like image/png or a family like image/*, lower case")
                String>
            attachmentTypes) {

  /** The most one upload may carry: the servlet's multipart limit ({@code spring.servlet.multipart.max-file-size}) matches it. */
  public static final long MAX_UPLOAD_BYTES = 100L * 1024 * 1024;

  static final String MEDIA_TYPE_PATTERN = "[a-z0-9][a-z0-9.+-]*/([a-z0-9][a-z0-9.+-]*|\\*)";

  /**
   * Uploads allowed when a connector names none: pictures a browser shows safely, PDF, plain text and office documents.
   * Not SVG or HTML, which can carry scripts.
   */
  public static final java.util.List<String> DEFAULT_ATTACHMENT_TYPES = java.util.List.of(
      "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv",
      "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  public ConnectorSettings {
    attachmentTypes = attachmentTypes == null ? java.util.List.of() : java.util.List.copyOf(attachmentTypes);
  }

  public ConnectorSettings(
      String id, String channelId, String type, long maxAttachmentBytes, TelegramSettings telegram, LiveChatSettings liveChat,
      RateLimits rateLimits, WhatsAppSettings whatsApp, MetaSettings meta, ViberSettings viber, EmailSettings email) {
    this(id, channelId, type, maxAttachmentBytes, telegram, liveChat, rateLimits, whatsApp, meta, viber, email, null);
  }

  /** The types uploads may have here: the connector's own list, else {@link #DEFAULT_ATTACHMENT_TYPES}. */
  public java.util.List<String> uploadTypes() {
    return attachmentTypes.isEmpty() ? DEFAULT_ATTACHMENT_TYPES : attachmentTypes;
  }

  public ConnectorSettings(
      String id, String channelId, String type, long maxAttachmentBytes, TelegramSettings telegram, LiveChatSettings liveChat,
      RateLimits rateLimits) {
    this(id, channelId, type, maxAttachmentBytes, telegram, liveChat, rateLimits, null, null, null, null);
  }

  /** Telegram's own download limit for bots; a sensible default for every connector. */
  public static final long DEFAULT_MAX_ATTACHMENT_BYTES = 20L * 1024 * 1024;

  /** A Telegram or live-chat connector. */
  public ConnectorSettings(
      String id, String channelId, String type, long maxAttachmentBytes, TelegramSettings telegram, LiveChatSettings liveChat) {
    this(id, channelId, type, maxAttachmentBytes, telegram, liveChat, null, null, null, null, null);
  }

  public ConnectorSettings withId(String newId) {
    return new ConnectorSettings(newId, channelId, type, maxAttachmentBytes, telegram, liveChat, rateLimits, whatsApp, meta, viber, email,
        attachmentTypes);
  }

  /** A connector of one of the providers that take a single settings block (WhatsApp, Messenger, Instagram, Viber, e-mail). */
  public static ConnectorSettings of(String id, String channelId, String type, long maxAttachmentBytes, Object provider) {
    return new ConnectorSettings(id, channelId, type, maxAttachmentBytes, null, null, null,
        provider instanceof WhatsAppSettings w ? w : null,
        provider instanceof MetaSettings m ? m : null,
        provider instanceof ViberSettings v ? v : null,
        provider instanceof EmailSettings e ? e : null);
  }

  @JsonIgnore
  @AssertTrue(message = "a whatsapp connector needs whatsApp.phoneNumberId, accessToken, appSecret and verifyToken")
  @ProblemField("whatsApp")
  public boolean isWhatsAppConfigured() {
    return !ConnectorTypes.WHATSAPP.equals(type) || whatsApp != null;
  }

  @JsonIgnore
  @AssertTrue(message = "a messenger or instagram connector needs meta.pageId, accessToken, appSecret and verifyToken")
  @ProblemField("meta")
  public boolean isMetaConfigured() {
    return !(ConnectorTypes.MESSENGER.equals(type) || ConnectorTypes.INSTAGRAM.equals(type)) || meta != null;
  }

  @JsonIgnore
  @AssertTrue(message = "a viber connector needs viber.authToken and viber.senderName")
  @ProblemField("viber")
  public boolean isViberConfigured() {
    return !ConnectorTypes.VIBER.equals(type) || viber != null;
  }

  @JsonIgnore
  @AssertTrue(message = "an email connector needs email settings (address, IMAP and SMTP servers, username, password)")
  @ProblemField("email")
  public boolean isEmailConfigured() {
    return !ConnectorTypes.EMAIL.equals(type) || email != null;
  }

  @JsonIgnore
  @AssertTrue(message = "a telegram connector needs telegram.botToken and telegram.webhookSecret")
  @ProblemField("telegram")
  public boolean isTelegramConfigured() {
    return !ConnectorTypes.TELEGRAM.equals(type) || telegram != null;
  }

  @JsonIgnore
  @AssertTrue(message = "a livechat connector needs liveChat settings")
  @ProblemField("liveChat")
  public boolean isLiveChatConfigured() {
    return !ConnectorTypes.LIVECHAT.equals(type) || liveChat != null;
  }
}
