package dev.openlines.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bearer token format {@code olk_<keyId>_<secret>}: a 12-character public id for lookup and a 256-bit
 * random secret (base64url, 43 characters). A token of any other shape (an initial admin key set by a
 * deployment) gets a key id derived from its hash, so lookup works the same way.
 */
public final class ApiKeyToken {

  private static final Pattern FORMAT = Pattern.compile("olk_([a-z0-9]{12})_[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

  private ApiKeyToken() {}

  /** A fresh token; the caller must show it once and store only {@link #hash(String)}. */
  public static String generate() {
    StringBuilder id = new StringBuilder(12);
    for (int i = 0; i < 12; i++) {
      id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return "olk_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  public static String keyIdOf(String token) {
    Matcher matcher = FORMAT.matcher(token);
    return matcher.matches() ? matcher.group(1) : "x" + hash(token).substring(0, 11);
  }

  /** SHA-256 is enough here: the secrets are 256-bit random, so there is nothing to brute-force. */
  public static String hash(String token) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM provides SHA-256", e);
    }
  }

  /** Compares in constant time, so response times do not reveal how much of a hash matched. */
  public static boolean matches(String token, String storedHash) {
    return MessageDigest.isEqual(
        hash(token).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
