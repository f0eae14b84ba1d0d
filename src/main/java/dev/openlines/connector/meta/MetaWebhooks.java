package dev.openlines.connector.meta;

import dev.openlines.connector.WebhookProblems;
import dev.openlines.connector.WebhookSignatures;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * What WhatsApp, Messenger and Instagram webhooks share
 * (https://developers.facebook.com/docs/graph-api/webhooks/getting-started): the verification
 * request Meta sends when the callback URL is saved, and the {@code X-Hub-Signature-256} header,
 * {@code sha256=} and the HMAC-SHA256 of the raw body with the app secret.
 */
public final class MetaWebhooks {

  public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

  private MetaWebhooks() {}

  /** Echoes {@code hub.challenge} when the mode is {@code subscribe} and the verify token matches. */
  public static ResponseEntity<?> verify(String connectorType, String verifyToken, String mode, String token, String challenge) {
    if (!"subscribe".equals(mode) || challenge == null || !WebhookSignatures.sameSecret(verifyToken, token)) {
      return WebhookProblems.problem(connectorType, HttpStatus.FORBIDDEN,
          "hub.mode must be subscribe and hub.verify_token must equal the verify token saved on this connector");
    }
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
  }

  /** A 401 problem when the signature is missing or wrong, else empty. */
  public static Optional<ResponseEntity<ProblemDetail>> checkSignature(
      String connectorType, String appSecret, String header, byte[] body) {
    String given = header != null && header.startsWith("sha256=") ? header.substring("sha256=".length()) : null;
    if (WebhookSignatures.matches(body, appSecret, given)) {
      return Optional.empty();
    }
    return Optional.of(WebhookProblems.problem(connectorType, HttpStatus.UNAUTHORIZED,
        "Header " + SIGNATURE_HEADER + " is missing or wrong: it must be sha256= and the HMAC-SHA256 of the body"
            + " with the Meta app's secret saved on this connector"));
  }
}
