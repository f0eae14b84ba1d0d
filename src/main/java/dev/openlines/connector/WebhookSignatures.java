package dev.openlines.connector;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 webhook signatures (Meta's {@code X-Hub-Signature-256}, Viber's {@code X-Viber-Content-Signature}). */
public final class WebhookSignatures {

  private WebhookSignatures() {}

  /** The lower-case hex HMAC-SHA256 of the raw body with the secret. */
  public static String hmacSha256Hex(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("Every Java runtime has HmacSHA256", e);
    }
  }

  /**
   * Whether {@code given} (hex, any case) is the body's HMAC-SHA256 with the secret. Constant time,
   * so a forger learns nothing from response times.
   */
  public static boolean matches(byte[] body, String secret, String given) {
    if (given == null || body == null) {
      return false;
    }
    byte[] expected = hmacSha256Hex(body, secret).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = given.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Constant-time equality of two secrets, e.g. a verify token; digests hide the length too. */
  public static boolean sameSecret(String expected, String given) {
    if (expected == null || given == null) {
      return false;
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] a = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
      byte[] b = sha.digest(given.getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(a, b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
