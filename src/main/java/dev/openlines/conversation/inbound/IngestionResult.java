package dev.openlines.conversation.inbound;

/**
 * What ingestion did with one inbound message.
 *
 * @param messageId the stored message's id
 * @param conversationId its conversation; null for an edit of a message not yet assigned
 */
public record IngestionResult(String messageId, String conversationId, Outcome outcome) {

  public enum Outcome {
    /** Stored and its process command queued. */
    ACCEPTED,
    /** Already stored and queued by an earlier delivery: acknowledged, nothing changed. */
    DUPLICATE,
    /** An edit of a stored message: the stored text and files were replaced. */
    EDITED
  }
}
