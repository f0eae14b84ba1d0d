package dev.openlines.connector;

import java.time.Instant;
import java.util.List;

/**
 * A client's message as a connector understood it, before OpenLines stored it.
 *
 * @param connectorType e.g. {@code telegram}
 * @param connectorId the connector instance it arrived on (identifies the open channel)
 * @param externalMessageId the messenger's own id: with the connector id, unique forever
 * @param clientId the client's address on that connector (Telegram chat id, live-chat session, ...)
 * @param client what the messenger told about the client
 * @param edited true when the client edited an earlier message (same external id)
 * @param priority {@value #HIGH} when the client marked the message as urgent where the messenger can say so
 *     (an e-mail's importance), else {@value #NORMAL}: an input of the distribution decision
 */
public record InboundMessage(
    String connectorType,
    String connectorId,
    String externalMessageId,
    String clientId,
    ClientProfile client,
    String text,
    List<OutboundMessage.Attachment> attachments,
    boolean edited,
    Instant sentAt,
    String priority) {

  public static final String NORMAL = "NORMAL";
  public static final String HIGH = "HIGH";

  public InboundMessage {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    priority = HIGH.equals(priority) ? HIGH : NORMAL;
  }

  /** A message of normal priority (every messenger but e-mail). */
  public InboundMessage(
      String connectorType, String connectorId, String externalMessageId, String clientId, ClientProfile client,
      String text, List<OutboundMessage.Attachment> attachments, boolean edited, Instant sentAt) {
    this(connectorType, connectorId, externalMessageId, clientId, client, text, attachments, edited, sentAt, NORMAL);
  }

  /** Name, phone, e-mail, language as far as the messenger tells them; any may be null. */
  public record ClientProfile(String name, String phone, String email, String language) {}
}
