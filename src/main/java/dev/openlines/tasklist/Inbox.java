package dev.openlines.tasklist;

import dev.openlines.conversation.ConversationStatus;
import java.time.Instant;
import java.util.List;

/** What an operator has on their plate: open offers first, then the conversations they hold. */
public record Inbox(List<OfferItem> offers, List<ConversationItem> conversations) {

  /**
   * @param clientName the name the client gave their messenger or the live chat, null when unknown
   * @param expiresAt when the offer goes to the next operator (offered time plus the channel's idle time)
   * @param secondsLeft seconds until then, never negative
   */
  public record OfferItem(
      String conversationId,
      String channelId,
      String clientId,
      String clientName,
      Instant offeredAt,
      Instant expiresAt,
      long secondsLeft) {}

  /**
   * @param clientName the name the client gave their messenger or the live chat, null when unknown
   * @param lastActivityAt the newest message of the conversation, or its last change without messages
   * @param pinned pinned conversations come first
   * @param unread marked unread by me, cleared when I read its messages
   * @param invited a colleague holds it and invited me in
   */
  public record ConversationItem(
      String conversationId,
      String title,
      String channelId,
      String connectorType,
      String clientId,
      String clientName,
      ConversationStatus status,
      Instant lastActivityAt,
      boolean clientWaitingForReply,
      boolean pinned,
      boolean unread,
      boolean invited) {}
}
