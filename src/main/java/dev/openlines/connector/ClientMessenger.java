package dev.openlines.connector;

/**
 * Delivers messages to clients over one connector type. Each connector package provides one bean;
 * the message-sending worker picks it by {@link #connectorType()}.
 */
public interface ClientMessenger {

  /** The connector type this messenger serves, e.g. {@code telegram}. */
  String connectorType();

  /**
   * Delivers the message. Must be safe to call twice with the same {@link OutboundMessage#messageId()}.
   *
   * @throws DeliveryException when delivery failed; {@link DeliveryException#permanent()} tells
   *     whether retrying can help
   */
  void deliver(OutboundMessage message) throws DeliveryException;

  /**
   * Whether an operator's edit or deletion of a sent message reaches the client on this messenger; where
   * not, the change is stored in the history only.
   */
  default boolean carriesChanges() {
    return false;
  }

  /**
   * Applies the change to the message the client got. Must be safe to call twice with the same
   * {@link MessageChange#changeId()}; a message the client never got needs nothing.
   *
   * @throws DeliveryException as for {@link #deliver}
   */
  default void change(MessageChange change) throws DeliveryException {
    throw new UnsupportedOperationException(connectorType() + " does not carry message changes");
  }
}
