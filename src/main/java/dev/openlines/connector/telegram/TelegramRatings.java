package dev.openlines.connector.telegram;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.DeliveryException;
import dev.openlines.conversation.ClientRating;
import dev.openlines.conversation.ClientRatings;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.RatingService;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The client's rating in Telegram: the rating request goes out with a like and a dislike button
 * ({@link #keyboard}); a press comes back as a callback query, which is recorded as the client's rating
 * of that conversation, answered (the client's app stops its spinner and shows a short notice), and the
 * buttons are removed so the message shows the choice was taken.
 *
 * <p>A press counts only from the chat the conversation belongs to, on its connector, once the
 * conversation is closed (the rating request is sent then). The webhook answers 200 in any case: a
 * redelivered press records the same rating again, and the process hears of the first one only.
 */
@Component
class TelegramRatings {

  private static final Logger log = LoggerFactory.getLogger(TelegramRatings.class);
  /** callback_data of a rating button: "rate:" + conversation id + ":" + LIKE or DISLIKE (at most 64 bytes). */
  private static final Pattern DATA = Pattern.compile("rate:([A-Za-z0-9_-]{1,48}):(LIKE|DISLIKE)");

  private final ConversationRepository conversations;
  private final ClientRatings ratings;
  private final TelegramBotApi api;
  private final TelegramProperties properties;

  TelegramRatings(
      ConversationRepository conversations, ClientRatings ratings, TelegramBotApi api, TelegramProperties properties) {
    this.conversations = conversations;
    this.ratings = ratings;
    this.api = api;
    this.properties = properties;
  }

  /** Like and dislike under the rating request of that conversation. */
  static TelegramBotApi.InlineKeyboard keyboard(String conversationId) {
    return new TelegramBotApi.InlineKeyboard(List.of(List.of(
        new TelegramBotApi.Button("\uD83D\uDC4D", data(conversationId, ClientRating.LIKE)),
        new TelegramBotApi.Button("\uD83D\uDC4E", data(conversationId, ClientRating.DISLIKE)))));
  }

  private static String data(String conversationId, ClientRating rating) {
    return "rate:" + conversationId + ":" + rating.name();
  }

  /** A button press of this connector's chat. */
  void pressed(ConnectorSettings connector, TelegramUpdate.CallbackQuery press) {
    String chatId = String.valueOf(
        press.message() != null && press.message().chat() != null && press.message().chat().id() != null
            ? press.message().chat().id()
            : press.from().id());
    Optional<Rated> rated = rate(connector, chatId, press.data());
    URI baseUrl = TelegramMessenger.baseUrl(connector, properties);
    String token = connector.telegram().botToken();
    try {
      // Always answered: the client's app shows a spinner on the button until it is.
      api.answerCallbackQuery(baseUrl, token, press.id(), rated.map(r -> "\u2713 " + r.symbol()).orElse(null));
      if (rated.isPresent() && press.message() != null && press.message().messageId() != null) {
        api.editMessageReplyMarkup(baseUrl, token, chatId, press.message().messageId(), TelegramBotApi.InlineKeyboard.none());
      }
    } catch (DeliveryException e) {
      // The rating is recorded; only the client's view of it lags.
      log.warn("Telegram connector {}: answering the rating button failed: {}", connector.id(), e.getMessage());
    }
  }

  private record Rated(ClientRating rating) {
    String symbol() {
      return rating == ClientRating.LIKE ? "\uD83D\uDC4D" : "\uD83D\uDC4E";
    }
  }

  private Optional<Rated> rate(ConnectorSettings connector, String chatId, String data) {
    Matcher choice = data == null ? null : DATA.matcher(data);
    if (choice == null || !choice.matches()) {
      log.info("Telegram connector {}: a button press that is no rating ({}) is ignored", connector.id(), data);
      return Optional.empty();
    }
    Optional<Conversation> conversation = conversations.findById(choice.group(1))
        .filter(c -> connector.id().equals(c.getConnectorId()) && chatId.equals(c.getClientId()));
    if (conversation.isEmpty() || conversation.get().getStatus() != ConversationStatus.CLOSED) {
      log.info("Telegram connector {}: a rating for conversation {} from chat {} is not taken (not this chat's, or not closed)",
          connector.id(), choice.group(1), chatId);
      return Optional.empty();
    }
    ClientRating rating = ClientRating.valueOf(choice.group(2));
    return ratings.rate(conversation.get().getId(), rating, null) == RatingService.Result.RECORDED
        ? Optional.of(new Rated(rating))
        : Optional.empty();
  }
}
