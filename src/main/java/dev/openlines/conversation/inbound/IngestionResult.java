package dev.openlines.conversation.inbound;

/**
 * What ingestion did with one inbound message.
 *
 * @param messageId the stored message's id; null when the message was blocked
 * @param conversationId its conversation; null for an edit of a message not yet assigned, or a blocked message
 */
public record IngestionResult(String messageId, String conversationId, Outcome outcome) {

  /** A message from a client on the spam list: nothing stored, no conversation. */
  static IngestionResult blocked() {
    return new IngestionResult(null, null, Outcome.BLOCKED);
  }

  public enum Outcome {
    /** Stored and its process command queued. */
    ACCEPTED,
    /** Already stored and queued by an earlier delivery: acknowledged, nothing changed. */
    DUPLICATE,
    /** An edit of a stored message: the stored text and files were replaced. */
    EDITED,
    /**
     * The client is on the spam list of this connector (an operator marked one of their conversations as
     * spam): acknowledged so the messenger does not redeliver it, but neither stored nor routed.
     */
    BLOCKED
  }
}
