package dev.openlines.connector;

/**
 * An operator changed a message the client was sent: its new text, or its deletion. Passed to the
 * client's messenger where it can change a delivered message ({@link ClientMessenger#carriesChanges()}).
 *
 * @param changeId OpenLines' id of this change; the messenger's idempotency key
 * @param messageId OpenLines' id of the changed message (as given to {@link ClientMessenger#deliver})
 * @param text the new text (EDIT only)
 */
public record MessageChange(
    String changeId,
    Kind kind,
    String messageId,
    String conversationId,
    String connectorType,
    String connectorId,
    String clientId,
    String text) {

  public enum Kind {
    EDIT,
    DELETE
  }
}
