package dev.openlines.connector.livechat;

import dev.openlines.conversation.ClientRating;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request and response bodies of the live-chat API. */
final class LiveChatApi {

  private LiveChatApi() {}

  /**
   * Everything optional: a visitor may stay anonymous.
   *
   * @param language the visitor's language as a BCP 47 tag (e.g. the browser's {@code navigator.language});
   *     without it, the first language of the request's {@code Accept-Language}. The distribution decision reads it.
   */
  record StartChat(
      @Size(max = 200) String name,
      @Email(message = "must be an e-mail address") String email,
      @Pattern(regexp = "\\+?[0-9 ()-]{5,30}", message = "must be a phone number, e.g. +49 30 1234567") String phone,
      @Pattern(regexp = "[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*", message = "must be a language tag, e.g. en or de-AT") String language) {

    StartChat(String name, String email, String phone) {
      this(name, email, phone, null);
    }
  }

  record ChatStarted(String sessionId, String token, boolean consentRequired, String consentText) {}

  /**
   * What the widget shows before a chat starts.
   *
   * @param channelName the open channel's name, for the chat window's header
   * @param online false while the channel is switched off: it takes no new conversations
   */
  record Config(String channelName, boolean online, boolean consentRequired) {}

  /**
   * @param clientMessageId the browser's own id of the message (e.g. a UUID): sending it again
   *     after a network error stores the message once
   */
  record ClientText(
      @NotBlank(message = "must be the browser's id of this message, e.g. a UUID") @Size(max = 100) String clientMessageId,
      @NotBlank(message = "must not be empty") @Size(max = 10_000) String text) {}

  record Accepted(String messageId, String conversationId) {}

  record Typing(@Size(max = 10_000) String text) {}

  /** The same like/dislike verdict every channel's client gives ({@link ClientRating}), with optional words. */
  record Rating(@NotNull(message = "must be LIKE or DISLIKE") ClientRating rating, @Size(max = 2000) String comment) {}

  /** @param email where to send the history; the chat's own e-mail when empty */
  record HistoryRequest(@Email(message = "must be an e-mail address") String email) {}

  record HistoryRequested(String requestId, boolean sent) {}

  record Session(String sessionId, String name, boolean consentRequired, boolean consentAccepted,
      String conversationId, String conversationStatus) {}
}
