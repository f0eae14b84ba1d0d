package dev.openlines.crm;

import org.springframework.stereotype.Service;

/** Recognises a client across channels and links each of their conversations to one contact. */
@Service
public class ChatTracker {

  private final CrmPort crm;

  public ChatTracker(CrmPort crm) {
    this.crm = crm;
  }

  /**
   * @throws IllegalArgumentException when the connector type or the client id is missing
   */
  public IdentifiedContact identify(
      String conversationId, String connectorType, String clientId, String name, String phone, String email) {
    if (conversationId == null || conversationId.isBlank()) {
      throw new IllegalArgumentException("A conversation id is needed to link the client");
    }
    var client = new ClientDetails(new ConnectorIdentity(connectorType, clientId), name, phone, email);
    return crm.identify(conversationId, client);
  }
}
