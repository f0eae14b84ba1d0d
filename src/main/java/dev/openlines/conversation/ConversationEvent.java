package dev.openlines.conversation;

import java.time.Instant;
import java.util.List;

/**
 * Something an operator or supervisor should see at once, published as a Spring application event by the
 * service where it happens (routing, task list, ingestion, rating, KPI) and pushed to the operator event
 * stream by {@link OperatorEventRelay}. Publishing is fire-and-forget: the task-list API stays the source
 * of truth, the stream only saves the console from polling it.
 */
public sealed interface ConversationEvent {

  String conversationId();

  /** The stream's event name. */
  String type();

  /** Offered to these operators; each offer goes to the next operator at {@code expiresAt} (null in ALL mode). */
  record OfferMade(String conversationId, List<String> operatorIds, Instant offeredAt, Instant expiresAt)
      implements ConversationEvent {
    public String type() {
      return "offer";
    }
  }

  /** An operator's offer ended without them answering: expired (idle time), skipped, or taken by someone else. */
  record OfferWithdrawn(String conversationId, String operatorId, String reason) implements ConversationEvent {
    public String type() {
      return "offer-withdrawn";
    }
  }

  record Assigned(String conversationId, String operatorId) implements ConversationEvent {
    public String type() {
      return "assigned";
    }
  }

  /** A message was stored: the client's, an operator's (a silent note too), the bot's or an automatic one. */
  record Message(String conversationId, String messageId, String author, String operatorId, String text, boolean silent, Instant sentAt)
      implements ConversationEvent {
    public String type() {
      return "message";
    }
  }

  /**
   * A message that waited for its messenger reached the client after all ({@code DELIVERED}) or never will
   * ({@code REFUSED}, with the messenger's reason): the console marks it so.
   */
  record Delivery(String conversationId, String messageId, String delivery, String error) implements ConversationEvent {
    public String type() {
      return "delivery";
    }
  }

  /** @param preview what the client has typed so far, null when the channel does not show it */
  record ClientTyping(String conversationId, String preview) implements ConversationEvent {
    public String type() {
      return "typing";
    }
  }

  /** @param toOperatorId or {@code toChannelId}: where the holder handed the conversation */
  record Transferred(String conversationId, String fromOperatorId, String toOperatorId, String toChannelId)
      implements ConversationEvent {
    public String type() {
      return "transfer";
    }
  }

  record Closed(String conversationId) implements ConversationEvent {
    public String type() {
      return "closed";
    }
  }

  record Rated(String conversationId, String rating, String comment) implements ConversationEvent {
    public String type() {
      return "rating";
    }
  }

  /** An operator is typing a reply: the client's widget shows it. */
  record OperatorTyping(String conversationId, String operatorId) implements ConversationEvent {
    public String type() {
      return "operator-typing";
    }
  }

  /** For supervisors only. */
  record KpiAlert(String conversationId, String notificationId, String operatorId, String text, Instant at)
      implements ConversationEvent {
    public String type() {
      return "kpi-alert";
    }
  }
}
