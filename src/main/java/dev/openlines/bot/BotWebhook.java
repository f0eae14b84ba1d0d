package dev.openlines.bot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.channel.BotSettings;
import dev.openlines.security.SecretRedaction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Calls a channel's chat bot: POST of a {@link BotEvent} as JSON to the bot's webhook URL with
 * <ul>
 *   <li>{@code X-OpenLines-Event}: the event name,
 *   <li>{@code X-OpenLines-Delivery}: the same id on every retry of one event, so the bot can drop repeats,
 *   <li>{@code X-OpenLines-Signature}: {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes,
 *       keyed with the channel's shared secret (kept for bots written against it; it does not stop replays);
 *   <li>the <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> headers, which do:
 *       {@code webhook-id} (the delivery id, the same on every retry), {@code webhook-timestamp} (Unix seconds
 *       of this attempt) and {@code webhook-signature}: {@code v1,} and the base64 HMAC-SHA256 of
 *       {@code id.timestamp.body}. The key is the secret's UTF-8 bytes, or, for a secret written as
 *       {@code whsec_<base64>}, the decoded bytes as the standard has it. A bot rejects a call whose
 *       timestamp is more than a few minutes off and one whose id it has already handled (docs/models.md, "Chat bot").
 * </ul>
 * Any 2xx is success. 408, 429 and 5xx (and no answer) are temporary; other answers are permanent.
 */
@Component
public class BotWebhook {

  static final String EVENT_HEADER = "X-OpenLines-Event";
  static final String DELIVERY_HEADER = "X-OpenLines-Delivery";
  static final String SIGNATURE_HEADER = "X-OpenLines-Signature";
  static final String WEBHOOK_ID = "webhook-id";
  static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
  static final String WEBHOOK_SIGNATURE = "webhook-signature";

  private final RestClient http;
  private final ObjectMapper json;
  private final Clock clock;

  BotWebhook(RestClient.Builder builder, ObjectMapper json, BotProperties properties, Clock clock) {
    SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
    requests.setConnectTimeout(properties.timeout());
    requests.setReadTimeout(properties.timeout());
    this.http = builder.requestFactory(requests).build();
    this.json = json;
    this.clock = clock;
  }

  public void call(BotSettings bot, String deliveryId, BotEvent event) throws BotCallException {
    byte[] body;
    try {
      body = json.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write bot event " + event.event(), e);
    }
    long timestamp = clock.instant().getEpochSecond();
    Answer answer;
    try {
      answer =
          http.post()
              .uri(bot.webhookUrl())
              .contentType(MediaType.APPLICATION_JSON)
              .header(EVENT_HEADER, event.event())
              .header(DELIVERY_HEADER, deliveryId)
              .header(SIGNATURE_HEADER, "sha256=" + signature(bot.secret(), body))
              .header(WEBHOOK_ID, deliveryId)
              .header(WEBHOOK_TIMESTAMP, Long.toString(timestamp))
              .header(WEBHOOK_SIGNATURE, standardSignature(bot.secret(), deliveryId, timestamp, body))
              .body(body)
              .exchange((request, response) ->
                  new Answer(response.getStatusCode(), response.getHeaders().getFirst("Retry-After")));
    } catch (RestClientException e) {
      throw new BotCallException(
          SecretRedaction.redact("The chat bot at " + bot.webhookUrl() + " did not answer: " + e.getMessage(), bot.secret()),
          false, Duration.ZERO, SecretRedaction.redact(e, bot.secret()));
    }
    int status = answer.status().value();
    if (answer.status().is2xxSuccessful()) {
      return;
    }
    boolean temporary = status == 408 || status == 429 || answer.status().is5xxServerError();
    throw new BotCallException(
        SecretRedaction.redact("The chat bot at " + bot.webhookUrl() + " answered HTTP " + status, bot.secret()), !temporary, retryAfter(answer.retryAfter()), null);
  }

  /** Hex HMAC-SHA256 of the body with the shared secret, as the bot recomputes it to trust a call. */
  public static String signature(String secret, byte[] body) {
    return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  /** {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body} (Standard Webhooks). */
  public static String standardSignature(String secret, String id, long timestamp, byte[] body) {
    byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return "v1," + Base64.getEncoder().encodeToString(hmac(standardKey(secret), signed));
  }

  private static byte[] standardKey(String secret) {
    if (secret.startsWith("whsec_")) {
      try {
        return Base64.getDecoder().decode(secret.substring("whsec_".length()));
      } catch (IllegalArgumentException notBase64) {
        // Then it is just a secret that happens to start so: use it as written, like any other.
      }
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static Duration retryAfter(String header) {
    if (header == null) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException httpDate) {
      return Duration.ZERO;
    }
  }

  private record Answer(HttpStatusCode status, String retryAfter) {}
}
