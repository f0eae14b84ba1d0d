package dev.openlines.crm;

/** A client's address on one connector: Telegram chat id, live-chat visitor id, WhatsApp number, ... */
public record ConnectorIdentity(String connectorType, String clientId) {

  public ConnectorIdentity {
    if (connectorType == null || connectorType.isBlank() || clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("A connector identity needs a connector type and a client id");
    }
  }

  /** The form stored in the unique key index. */
  String key() {
    return connectorType + ":" + clientId;
  }
}
