package dev.openlines.connector.telegram;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage;
import dev.openlines.conversation.inbound.InboundMessageService;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives Bot API updates (set with {@code setWebhook(url, secret_token)}). Answers 200 once the
 * message is stored (or a rating button's press handled), so Telegram stops redelivering; 401 for a wrong secret and 400 for a body that
 * is no update, both without storing anything.
 */
@RestController
class TelegramWebhookController {

  static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

  private final ConnectorSettingsService connectors;
  private final TelegramUpdateReader reader;
  private final InboundMessageService ingestion;
  private final TelegramRatings ratings;

  TelegramWebhookController(
      ConnectorSettingsService connectors, TelegramUpdateReader reader, InboundMessageService ingestion, TelegramRatings ratings) {
    this.ratings = ratings;
    this.connectors = connectors;
    this.reader = reader;
    this.ingestion = ingestion;
  }

  @PostMapping("/webhooks/telegram/{connectorId}")
  ResponseEntity<?> receive(
      @PathVariable String connectorId,
      @RequestHeader(name = SECRET_HEADER, required = false) String secret,
      @RequestBody(required = false) String body) {
    Optional<ConnectorSettings> connector = connectors.find(connectorId, ConnectorTypes.TELEGRAM);
    if (connector.isEmpty()) {
      return problem(HttpStatus.NOT_FOUND, "No Telegram connector " + connectorId + ": check the webhook URL given to setWebhook");
    }
    if (!matches(connector.get().telegram().webhookSecret(), secret)) {
      return problem(HttpStatus.UNAUTHORIZED,
          "Header " + SECRET_HEADER + " is missing or wrong: it must equal the secret_token given to setWebhook");
    }
    Optional<InboundMessage> message;
    Optional<TelegramUpdate.CallbackQuery> buttonPress;
    try {
      message = reader.read(connectorId, body);
      buttonPress = message.isPresent() ? Optional.empty() : reader.callbackQuery(body);
    } catch (MalformedUpdateException e) {
      return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    message.ifPresent(m -> ingestion.receive(m, connector.get()));
    buttonPress.ifPresent(press -> ratings.pressed(connector.get(), press));
    return ResponseEntity.ok().build();
  }

  /**
   * Constant time, so the secret cannot be guessed byte by byte from response times; comparing
   * digests also hides the secret's length.
   */
  private static boolean matches(String expected, String given) {
    if (given == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(expected), sha256(given));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("https://openlines.dev/problems/telegram-webhook"));
    return ResponseEntity.status(status).body(problem);
  }
}
