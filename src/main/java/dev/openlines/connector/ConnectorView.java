package dev.openlines.connector;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.openlines.ratelimit.RateLimits;
import java.net.URI;

/**
 * A connector as the admin API shows it: everything but the secrets (bot token, webhook secret),
 * plus the address clients or the messenger use to reach it.
 *
 * @param rateLimits the limits this connector sets itself (unset ones are the service defaults)
 * @param clientAddress where a live-chat widget starts chats, or where Telegram delivers updates
 * @param attachmentTypes the types uploads may have (the connector's own list, or the defaults when it names none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectorView(
    String id,
    String channelId,
    String type,
    long maxAttachmentBytes,
    TelegramView telegram,
    LiveChatSettings liveChat,
    RateLimits rateLimits,
    WhatsAppView whatsApp,
    MetaView meta,
    ViberView viber,
    EmailView email,
    String clientAddress,
    java.util.List<String> attachmentTypes) {

  /** @param botTokenSet always true for a stored Telegram connector; the token itself is write-only */
  public record TelegramView(boolean botTokenSet, boolean webhookSecretSet, URI apiBaseUrl) {}

  /** What to register in the Meta app: {@code clientAddress} as callback URL and the verify token the admin chose. */
  public record WhatsAppView(String phoneNumberId, boolean accessTokenSet, boolean appSecretSet, boolean verifyTokenSet, URI apiBaseUrl) {}

  public record MetaView(String pageId, boolean accessTokenSet, boolean appSecretSet, boolean verifyTokenSet, boolean humanAgentTag, URI apiBaseUrl) {}

  public record ViberView(boolean authTokenSet, String senderName, URI apiBaseUrl) {}

  public record EmailView(
      String address, String displayName, String imapHost, int imapPort, MailSecurity imapSecurity,
      String smtpHost, int smtpPort, MailSecurity smtpSecurity, String username, boolean passwordSet,
      java.time.Duration pollInterval) {}

  static ConnectorView of(ConnectorSettings settings) {
    TelegramSettings telegram = settings.telegram();
    TelegramView telegramView =
        telegram == null
            ? null
            : new TelegramView(telegram.botToken() != null, telegram.webhookSecret() != null, telegram.apiBaseUrl());
    return new ConnectorView(
        settings.id(),
        settings.channelId(),
        settings.type(),
        settings.maxAttachmentBytes(),
        telegramView,
        settings.liveChat(),
        settings.rateLimits(),
        whatsAppView(settings.whatsApp()),
        metaView(settings.meta()),
        viberView(settings.viber()),
        emailView(settings.email()),
        clientAddress(settings),
        settings.uploadTypes());
  }

  private static String clientAddress(ConnectorSettings settings) {
    return switch (settings.type()) {
      case ConnectorTypes.TELEGRAM -> "/webhooks/telegram/" + settings.id();
      case ConnectorTypes.LIVECHAT -> "/livechat/" + settings.id() + "/chats";
      case ConnectorTypes.WHATSAPP, ConnectorTypes.MESSENGER, ConnectorTypes.INSTAGRAM, ConnectorTypes.VIBER ->
          "/webhooks/" + settings.type() + "/" + settings.id();
      case ConnectorTypes.EMAIL -> settings.email() == null ? null : "mailto:" + settings.email().address();
      default -> null;
    };
  }

  private static WhatsAppView whatsAppView(WhatsAppSettings w) {
    return w == null ? null
        : new WhatsAppView(w.phoneNumberId(), w.accessToken() != null, w.appSecret() != null, w.verifyToken() != null, w.apiBaseUrl());
  }

  private static MetaView metaView(MetaSettings m) {
    return m == null ? null
        : new MetaView(m.pageId(), m.accessToken() != null, m.appSecret() != null, m.verifyToken() != null, m.humanAgentTag(), m.apiBaseUrl());
  }

  private static ViberView viberView(ViberSettings v) {
    return v == null ? null : new ViberView(v.authToken() != null, v.senderName(), v.apiBaseUrl());
  }

  private static EmailView emailView(EmailSettings e) {
    return e == null ? null
        : new EmailView(e.address(), e.displayName(), e.imapHost(), e.imapPort(), e.imapSecurity(), e.smtpHost(), e.smtpPort(),
            e.smtpSecurity(), e.username(), e.password() != null, e.pollIntervalOrDefault());
  }
}
