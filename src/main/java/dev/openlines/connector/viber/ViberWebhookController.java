package dev.openlines.connector.viber;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.MalformedWebhookException;
import dev.openlines.conversation.ProviderDeliveries;
import dev.openlines.connector.WebhookProblems;
import dev.openlines.connector.WebhookSignatures;
import dev.openlines.conversation.inbound.InboundMessageService;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Viber's callbacks for a bot, registered by the admin API with {@code set_webhook}. Each is signed:
 * {@code X-Viber-Content-Signature} is the hex HMAC-SHA256 of the body with the bot's auth token.
 * Messages are stored once per (connector, sender, message token) before the 200; receipts and
 * subscription changes are recorded; a subscription or an opened chat alone starts no conversation.
 */
@RestController
class ViberWebhookController {

  static final String SIGNATURE_HEADER = "X-Viber-Content-Signature";

  private final ConnectorSettingsService connectors;
  private final ViberCallbackReader reader;
  private final InboundMessageService ingestion;
  private final ProviderDeliveries deliveries;
  private final ViberSubscriptions subscriptions;

  ViberWebhookController(ConnectorSettingsService connectors, ViberCallbackReader reader, InboundMessageService ingestion,
      ProviderDeliveries deliveries, ViberSubscriptions subscriptions) {
    this.connectors = connectors;
    this.reader = reader;
    this.ingestion = ingestion;
    this.deliveries = deliveries;
    this.subscriptions = subscriptions;
  }

  @PostMapping("/webhooks/viber/{connectorId}")
  ResponseEntity<?> receive(
      @PathVariable String connectorId,
      @RequestHeader(name = SIGNATURE_HEADER, required = false) String signature,
      @RequestBody(required = false) byte[] body) {
    Optional<ConnectorSettings> connector = connectors.find(connectorId, ConnectorTypes.VIBER);
    if (connector.isEmpty()) {
      return WebhookProblems.problem(ConnectorTypes.VIBER, HttpStatus.NOT_FOUND,
          "No Viber connector " + connectorId + ": the webhook was set for a connector that no longer exists");
    }
    if (!WebhookSignatures.matches(body, connector.get().viber().authToken(), signature)) {
      return WebhookProblems.problem(ConnectorTypes.VIBER, HttpStatus.UNAUTHORIZED, "Header " + SIGNATURE_HEADER
          + " is missing or wrong: it must be the hex HMAC-SHA256 of the body with the bot's auth token");
    }
    ViberCallback callback;
    try {
      callback = reader.read(connectorId, body);
    } catch (MalformedWebhookException e) {
      return WebhookProblems.problem(ConnectorTypes.VIBER, HttpStatus.BAD_REQUEST, e.getMessage());
    }
    switch (callback.event()) {
      case "message" -> {
        subscriptions.changed(connectorId, callback.userId(), true, callback.at());
        if (callback.message() != null) {
          ingestion.receive(callback.message(), connector.get());
        }
      }
      case "subscribed" -> subscriptions.changed(connectorId, callback.userId(), true, callback.at());
      case "unsubscribed" -> subscriptions.changed(connectorId, callback.userId(), false, callback.at());
      case "delivered" -> deliveries.receipt(connectorId, callback.messageToken(), ProviderDeliveries.Receipt.RECEIVED, callback.at());
      case "seen" -> deliveries.receipt(connectorId, callback.messageToken(), ProviderDeliveries.Receipt.READ, callback.at());
      case "failed" -> deliveries.failedLater(connectorId, callback.messageToken(),
          "Viber could not deliver the message" + (callback.description() != null ? ": " + callback.description() : ""));
      default -> {} // webhook (set_webhook's check), conversation_started: nothing to store
    }
    return ResponseEntity.ok().build();
  }
}
