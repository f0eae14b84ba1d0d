package dev.openlines.bot;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The verifier a chat bot service runs on every call from OpenLines, as docs/models.md shows it (copy it into a
 * bot): checks the Standard Webhooks signature over {@code id.timestamp.body}, refuses a timestamp more than
 * {@link #TOLERANCE} away from the bot's clock (an old, captured call) and an id it has already accepted
 * (a replay). Ids are remembered for as long as their timestamp would pass, so memory stays bounded.
 */
final class StandardWebhookVerifier {

  static final Duration TOLERANCE = Duration.ofMinutes(5);

  enum Verdict { ACCEPTED, BAD_SIGNATURE, TOO_OLD, REPEATED }

  private final byte[] key;
  private final Clock clock;
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();

  StandardWebhookVerifier(String secret, Clock clock) {
    this.key = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  Verdict verify(String id, String timestamp, String signatureHeader, byte[] body) throws GeneralSecurityException {
    Instant now = clock.instant();
    Instant sent;
    try {
      sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
    } catch (RuntimeException notANumber) {
      return Verdict.BAD_SIGNATURE;
    }
    if (Duration.between(sent, now).abs().compareTo(TOLERANCE) > 0) {
      return Verdict.TOO_OLD;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] expected = mac.doFinal((id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8));
    boolean valid = false;
    // The header may carry several space-separated signatures (during a secret rotation): any may match.
    for (String candidate : signatureHeader.split(" ")) {
      if (candidate.startsWith("v1,")
          && MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
        valid = true;
      }
    }
    if (!valid) {
      return Verdict.BAD_SIGNATURE;
    }
    seen.values().removeIf(at -> at.isBefore(now.minus(TOLERANCE.multipliedBy(2))));
    return seen.putIfAbsent(id, now) == null ? Verdict.ACCEPTED : Verdict.REPEATED;
  }
}
