package dev.openlines.connector.whatsapp;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.MalformedWebhookException;
import dev.openlines.connector.MessagingWindows;
import dev.openlines.connector.WhatsAppSettings;
import dev.openlines.conversation.ProviderDeliveries;
import dev.openlines.connector.WebhookProblems;
import dev.openlines.connector.meta.MetaWebhooks;
import dev.openlines.conversation.inbound.InboundMessageService;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The callback URL of a WhatsApp Cloud API connector. GET answers Meta's verification request; POST
 * takes signed notifications: client messages are stored (once per message id and sender) before
 * the 200, receipts are recorded on the sent messages. 401 for a bad signature and 400 for a body
 * that is no notification, both storing nothing.
 */
@RestController
class WhatsAppWebhookController {

  private final ConnectorSettingsService connectors;
  private final WhatsAppNotificationReader reader;
  private final InboundMessageService ingestion;
  private final MessagingWindows windows;
  private final ProviderDeliveries deliveries;

  WhatsAppWebhookController(ConnectorSettingsService connectors, WhatsAppNotificationReader reader,
      InboundMessageService ingestion, MessagingWindows windows, ProviderDeliveries deliveries) {
    this.connectors = connectors;
    this.reader = reader;
    this.ingestion = ingestion;
    this.windows = windows;
    this.deliveries = deliveries;
  }

  @GetMapping("/webhooks/whatsapp/{connectorId}")
  ResponseEntity<?> verify(
      @PathVariable String connectorId,
      @RequestParam(name = "hub.mode", required = false) String mode,
      @RequestParam(name = "hub.verify_token", required = false) String token,
      @RequestParam(name = "hub.challenge", required = false) String challenge) {
    Optional<ConnectorSettings> connector = connectors.find(connectorId, ConnectorTypes.WHATSAPP);
    if (connector.isEmpty()) {
      return notFound(connectorId);
    }
    return MetaWebhooks.verify(ConnectorTypes.WHATSAPP, connector.get().whatsApp().verifyToken(), mode, token, challenge);
  }

  @PostMapping("/webhooks/whatsapp/{connectorId}")
  ResponseEntity<?> receive(
      @PathVariable String connectorId,
      @RequestHeader(name = MetaWebhooks.SIGNATURE_HEADER, required = false) String signature,
      @RequestBody(required = false) byte[] body) {
    Optional<ConnectorSettings> connector = connectors.find(connectorId, ConnectorTypes.WHATSAPP);
    if (connector.isEmpty()) {
      return notFound(connectorId);
    }
    WhatsAppSettings settings = connector.get().whatsApp();
    Optional<ResponseEntity<ProblemDetail>> unsigned =
        MetaWebhooks.checkSignature(ConnectorTypes.WHATSAPP, settings.appSecret(), signature, body);
    if (unsigned.isPresent()) {
      return unsigned.get();
    }
    WhatsAppNotification notification;
    try {
      notification = reader.read(connectorId, settings.phoneNumberId(), body);
    } catch (MalformedWebhookException e) {
      return WebhookProblems.problem(ConnectorTypes.WHATSAPP, HttpStatus.BAD_REQUEST, e.getMessage());
    }
    for (InboundMessage message : notification.messages()) {
      ingestion.receive(message, connector.get());
      windows.clientWrote(connectorId, message.clientId(), message.sentAt());
    }
    for (WhatsAppNotification.Status status : notification.statuses()) {
      switch (status.status()) {
        case "delivered" -> deliveries.receipt(connectorId, status.providerMessageId(), ProviderDeliveries.Receipt.RECEIVED, status.at());
        case "read" -> deliveries.receipt(connectorId, status.providerMessageId(), ProviderDeliveries.Receipt.READ, status.at());
        case "failed" -> deliveries.failedLater(connectorId, status.providerMessageId(),
            status.error() != null ? status.error() : "WhatsApp could not deliver the message");
        default -> {} // "sent": the send call's answer said so already
      }
    }
    return ResponseEntity.ok().build();
  }

  private static ResponseEntity<ProblemDetail> notFound(String connectorId) {
    return WebhookProblems.problem(ConnectorTypes.WHATSAPP, HttpStatus.NOT_FOUND,
        "No WhatsApp connector " + connectorId + ": check the callback URL saved in the Meta app");
  }
}
