package dev.openlines.connector.meta;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.MalformedWebhookException;
import dev.openlines.connector.MessagingWindows;
import dev.openlines.connector.MetaSettings;
import dev.openlines.conversation.ProviderDeliveries;
import dev.openlines.connector.WebhookProblems;
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
 * The callback URLs of Facebook Messenger and Instagram Direct connectors, one Messenger Platform
 * code path for both: GET answers Meta's verification request, POST takes signed event batches.
 * Client messages are stored once per (connector, sender, mid) before the 200.
 */
@RestController
class MessengerWebhookController {

  private final ConnectorSettingsService connectors;
  private final MessengerEventReader reader;
  private final InboundMessageService ingestion;
  private final MessagingWindows windows;
  private final ProviderDeliveries deliveries;

  MessengerWebhookController(ConnectorSettingsService connectors, MessengerEventReader reader, InboundMessageService ingestion,
      MessagingWindows windows, ProviderDeliveries deliveries) {
    this.connectors = connectors;
    this.reader = reader;
    this.ingestion = ingestion;
    this.windows = windows;
    this.deliveries = deliveries;
  }

  @GetMapping("/webhooks/{connectorType:messenger|instagram}/{connectorId}")
  ResponseEntity<?> verify(
      @PathVariable String connectorType,
      @PathVariable String connectorId,
      @RequestParam(name = "hub.mode", required = false) String mode,
      @RequestParam(name = "hub.verify_token", required = false) String token,
      @RequestParam(name = "hub.challenge", required = false) String challenge) {
    Optional<ConnectorSettings> connector = connectors.find(connectorId, connectorType);
    if (connector.isEmpty()) {
      return notFound(connectorType, connectorId);
    }
    return MetaWebhooks.verify(connectorType, connector.get().meta().verifyToken(), mode, token, challenge);
  }

  @PostMapping("/webhooks/{connectorType:messenger|instagram}/{connectorId}")
  ResponseEntity<?> receive(
      @PathVariable String connectorType,
      @PathVariable String connectorId,
      @RequestHeader(name = MetaWebhooks.SIGNATURE_HEADER, required = false) String signature,
      @RequestBody(required = false) byte[] body) {
    Optional<ConnectorSettings> connector = connectors.find(connectorId, connectorType);
    if (connector.isEmpty()) {
      return notFound(connectorType, connectorId);
    }
    MetaSettings settings = connector.get().meta();
    Optional<ResponseEntity<ProblemDetail>> unsigned = MetaWebhooks.checkSignature(connectorType, settings.appSecret(), signature, body);
    if (unsigned.isPresent()) {
      return unsigned.get();
    }
    MessengerEvents events;
    try {
      events = reader.read(connectorType, connectorId, settings.pageId(), body);
    } catch (MalformedWebhookException e) {
      return WebhookProblems.problem(connectorType, HttpStatus.BAD_REQUEST, e.getMessage());
    }
    for (InboundMessage message : events.messages()) {
      ingestion.receive(message, connector.get());
      windows.clientWrote(connectorId, message.clientId(), message.sentAt());
    }
    for (MessengerEvents.Receipt receipt : events.receipts()) {
      for (String mid : receipt.mids()) {
        deliveries.receipt(connectorId, mid, receipt.read() ? ProviderDeliveries.Receipt.READ : ProviderDeliveries.Receipt.RECEIVED,
            receipt.watermark() != null ? receipt.watermark() : java.time.Instant.now());
      }
    }
    return ResponseEntity.ok().build();
  }

  private static ResponseEntity<ProblemDetail> notFound(String connectorType, String connectorId) {
    String name = ConnectorTypes.INSTAGRAM.equals(connectorType) ? "Instagram" : "Messenger";
    return WebhookProblems.problem(connectorType, HttpStatus.NOT_FOUND,
        "No " + name + " connector " + connectorId + ": check the callback URL saved in the Meta app");
  }
}
