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
    @Valid Telegram telegram,
    @Valid LiveChat liveChat,
    @Valid RateLimits rateLimits,
    @Valid WhatsApp whatsApp,
    @Valid Meta meta,
    @Valid Viber viber,
    @Valid Email email,
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
      String id, String channelId, String type, long maxAttachmentBytes, Telegram telegram, LiveChat liveChat,
      RateLimits rateLimits, WhatsApp whatsApp, Meta meta, Viber viber, Email email) {
    this(id, channelId, type, maxAttachmentBytes, telegram, liveChat, rateLimits, whatsApp, meta, viber, email, null);
  }

  /** The types uploads may have here: the connector's own list, else {@link #DEFAULT_ATTACHMENT_TYPES}. */
  public java.util.List<String> uploadTypes() {
    return attachmentTypes.isEmpty() ? DEFAULT_ATTACHMENT_TYPES : attachmentTypes;
  }

  public ConnectorSettings(
      String id, String channelId, String type, long maxAttachmentBytes, Telegram telegram, LiveChat liveChat,
      RateLimits rateLimits) {
    this(id, channelId, type, maxAttachmentBytes, telegram, liveChat, rateLimits, null, null, null, null);
  }

  /** Telegram's own download limit for bots; a sensible default for every connector. */
  public static final long DEFAULT_MAX_ATTACHMENT_BYTES = 20L * 1024 * 1024;

  /** A Telegram or live-chat connector. */
  public ConnectorSettings(
      String id, String channelId, String type, long maxAttachmentBytes, Telegram telegram, LiveChat liveChat) {
    this(id, channelId, type, maxAttachmentBytes, telegram, liveChat, null, null, null, null, null);
  }

  public ConnectorSettings withId(String newId) {
    return new ConnectorSettings(newId, channelId, type, maxAttachmentBytes, telegram, liveChat, rateLimits, whatsApp, meta, viber, email,
        attachmentTypes);
  }

  /** A connector of one of the providers that take a single settings block (WhatsApp, Messenger, Instagram, Viber, e-mail). */
  public static ConnectorSettings of(String id, String channelId, String type, long maxAttachmentBytes, Object provider) {
    return new ConnectorSettings(id, channelId, type, maxAttachmentBytes, null, null, null,
        provider instanceof WhatsApp w ? w : null,
        provider instanceof Meta m ? m : null,
        provider instanceof Viber v ? v : null,
        provider instanceof Email e ? e : null);
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
   * @param allowedOrigins web pages on other origins that may embed the widget, e.g. {@code https://shop.example}
   *     (scheme, host, optional port; no path): the browser's CORS check lets them call the live-chat API
   */
  public record LiveChat(
      boolean consentRequired,
      String consentText,
      boolean typingPreview,
      @Size(max = 50, message = "may list at most 50 origins")
          java.util.List<
                  @jakarta.validation.constraints.NotNull(message = "must be an origin, not null")
                  @Pattern(
                      regexp = "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?",
                      message = "must be an origin: http(s)://host[:port], no path or trailing slash, e.g. https://shop.example")
                  String>
              allowedOrigins) {

    public LiveChat {
      allowedOrigins = allowedOrigins == null ? java.util.List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(allowedOrigins));
    }

    public LiveChat(boolean consentRequired, String consentText, boolean typingPreview) {
      this(consentRequired, consentText, typingPreview, java.util.List.of());
    }

    public LiveChat(boolean consentRequired, String consentText) {
      this(consentRequired, consentText, false);
    }

    /** Whether a page on this origin may use the widget of this connector. */
    public boolean allowsOrigin(String origin) {
      return origin != null && allowedOrigins.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(origin));
    }

    @JsonIgnore
    @AssertTrue(message = "consentText is required when consentRequired is true")
    @ProblemField("consentText")
    public boolean isConsentTextGiven() {
      return !consentRequired || (consentText != null && !consentText.isBlank());
    }
  }

  /**
   * WhatsApp Business Cloud API (https://developers.facebook.com/docs/whatsapp/cloud-api).
   *
   * @param phoneNumberId the business phone number's id; webhooks of other numbers of the app are ignored
   * @param accessToken a system-user access token with {@code whatsapp_business_messaging}
   * @param appSecret the Meta app's secret: webhooks are signed with it ({@code X-Hub-Signature-256})
   * @param verifyToken what the admin typed as "Verify token" in the app's webhook settings
   * @param apiBaseUrl Graph API base with version; null means {@code openlines.connectors.meta.graph-base-url}
   */
  public record WhatsApp(
      @NotBlank @Pattern(regexp = "\\d{5,30}", message = "must be the numeric phone number id from WhatsApp Manager") String phoneNumberId,
      @NotBlank @Size(min = 20, max = 1024, message = "must be 20-1024 characters") String accessToken,
      @NotBlank @Size(min = 16, max = 256, message = "must be 16-256 characters") String appSecret,
      @NotBlank @Size(min = 16, max = 256, message = "must be 16-256 characters") String verifyToken,
      java.net.URI apiBaseUrl) {

    @Override
    public String toString() {
      return "WhatsApp[phoneNumberId=" + phoneNumberId + ", accessToken=***, appSecret=***, verifyToken=***, apiBaseUrl=" + apiBaseUrl + "]";
    }
  }

  /**
   * A Facebook page (Messenger) or an Instagram professional account (Instagram Direct) on the
   * Messenger Platform (https://developers.facebook.com/docs/messenger-platform).
   *
   * @param pageId the page id (Messenger) or the Instagram account id (Instagram) webhooks name as recipient
   * @param accessToken the page access token the Send API is called with
   * @param appSecret the Meta app's secret: webhooks are signed with it ({@code X-Hub-Signature-256})
   * @param verifyToken what the admin typed as "Verify token" in the app's webhook settings
   * @param humanAgentTag outside the 24-hour window, send operator replies with the {@code HUMAN_AGENT}
   *     tag (7 days; the app needs the Human Agent permission); false refuses them
   * @param apiBaseUrl Graph API base with version; null means {@code openlines.connectors.meta.graph-base-url}
   */
  public record Meta(
      @NotBlank @Pattern(regexp = "\\d{5,30}", message = "must be the numeric page or Instagram account id") String pageId,
      @NotBlank @Size(min = 20, max = 1024, message = "must be 20-1024 characters") String accessToken,
      @NotBlank @Size(min = 16, max = 256, message = "must be 16-256 characters") String appSecret,
      @NotBlank @Size(min = 16, max = 256, message = "must be 16-256 characters") String verifyToken,
      boolean humanAgentTag,
      java.net.URI apiBaseUrl) {

    @Override
    public String toString() {
      return "Meta[pageId=" + pageId + ", accessToken=***, appSecret=***, verifyToken=***, humanAgentTag=" + humanAgentTag
          + ", apiBaseUrl=" + apiBaseUrl + "]";
    }
  }

  /**
   * A Viber bot (https://developers.viber.com/docs/api/rest-bot-api/).
   *
   * @param authToken the bot's token from the Viber admin panel; it signs webhooks and authorises calls
   * @param senderName the name clients see on the bot's messages (max 28 characters)
   * @param apiBaseUrl null means {@code openlines.connectors.viber.api-base-url}
   */
  public record Viber(
      @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{20,100}", message = "must be the bot's token from the Viber admin panel") String authToken,
      @NotBlank @Size(max = 28, message = "must be at most 28 characters (Viber's limit)") String senderName,
      java.net.URI apiBaseUrl) {

    @Override
    public String toString() {
      return "Viber[authToken=***, senderName=" + senderName + ", apiBaseUrl=" + apiBaseUrl + "]";
    }
  }

  /**
   * A mailbox: read over IMAP, answered over SMTP.
   *
   * @param address the mailbox's address, the From of replies
   * @param displayName the name beside it in replies; may be null
   * @param imapSecurity TLS (imaps, usually 993), STARTTLS or NONE (143; test servers only)
   * @param smtpSecurity TLS (smtps, usually 465), STARTTLS (587) or NONE
   * @param username for both IMAP and SMTP
   * @param password for both IMAP and SMTP
   * @param pollInterval how often to check when the server has no IDLE, and how long one IDLE lasts
   */
  public record Email(
      @NotBlank @jakarta.validation.constraints.Email(message = "must be an e-mail address") String address,
      String displayName,
      @NotBlank String imapHost,
      @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(65535) int imapPort,
      @jakarta.validation.constraints.NotNull(message = "must be TLS, STARTTLS or NONE") MailSecurity imapSecurity,
      @NotBlank String smtpHost,
      @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(65535) int smtpPort,
      @jakarta.validation.constraints.NotNull(message = "must be TLS, STARTTLS or NONE") MailSecurity smtpSecurity,
      @NotBlank String username,
      @NotBlank String password,
      java.time.Duration pollInterval) {

    /** Five seconds is the least: mail servers throttle clients that check more often. */
    @JsonIgnore
    @AssertTrue(message = "pollInterval must be at least PT5S")
    @ProblemField("pollInterval")
    public boolean isPollIntervalSensible() {
      return pollInterval == null || pollInterval.compareTo(java.time.Duration.ofSeconds(5)) >= 0;
    }

    public java.time.Duration pollIntervalOrDefault() {
      return pollInterval == null ? java.time.Duration.ofMinutes(1) : pollInterval;
    }

    @Override
    public String toString() {
      return "Email[address=" + address + ", imap=" + imapHost + ":" + imapPort + ", smtp=" + smtpHost + ":" + smtpPort
          + ", username=" + username + ", password=***]";
    }
  }

  /** How a mail connection is protected. */
  public enum MailSecurity { TLS, STARTTLS, NONE }
}
