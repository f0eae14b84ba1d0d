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
}
