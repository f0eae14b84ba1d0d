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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectorView(
    String id,
    String channelId,
    String type,
    long maxAttachmentBytes,
    TelegramView telegram,
    ConnectorSettings.LiveChat liveChat,
    RateLimits rateLimits,
    String clientAddress) {

  /** @param botTokenSet always true for a stored Telegram connector; the token itself is write-only */
  public record TelegramView(boolean botTokenSet, boolean webhookSecretSet, URI apiBaseUrl) {}

  static ConnectorView of(ConnectorSettings settings) {
    ConnectorSettings.Telegram telegram = settings.telegram();
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
        clientAddress(settings));
  }

  private static String clientAddress(ConnectorSettings settings) {
    return switch (settings.type()) {
      case ConnectorTypes.TELEGRAM -> "/webhooks/telegram/" + settings.id();
      case ConnectorTypes.LIVECHAT -> "/livechat/" + settings.id() + "/chats";
      default -> null;
    };
  }
}
