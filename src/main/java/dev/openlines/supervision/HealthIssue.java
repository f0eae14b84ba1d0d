package dev.openlines.supervision;

import dev.openlines.conversation.ConversationStatus;
import java.time.Instant;

/** A conversation whose process needs a look, and why. */
public record HealthIssue(String conversationId, String channelId, ConversationStatus status, Kind kind, String reason, Instant since) {

  public enum Kind {
    /** A job failed with no retries left: the engine holds an incident. */
    INCIDENT,
    /** A message to the client could not be delivered. */
    DELIVERY_FAILED,
    /** No progress for longer than the next step should take. */
    STUCK
  }
}
