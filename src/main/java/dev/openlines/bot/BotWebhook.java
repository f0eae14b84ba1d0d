package dev.openlines.bot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.channel.BotSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
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
 *       keyed with the channel's shared secret.
 * </ul>
 * Any 2xx is success. 408, 429 and 5xx (and no answer) are temporary; other answers are permanent.
 */
@Component
public class BotWebhook {

  static final String EVENT_HEADER = "X-OpenLines-Event";
  static final String DELIVERY_HEADER = "X-OpenLines-Delivery";
  static final String SIGNATURE_HEADER = "X-OpenLines-Signature";

  private final RestClient http;
  private final ObjectMapper json;

  BotWebhook(RestClient.Builder builder, ObjectMapper json, BotProperties properties) {
    SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
    requests.setConnectTimeout(properties.timeout());
    requests.setReadTimeout(properties.timeout());
    this.http = builder.requestFactory(requests).build();
    this.json = json;
  }

  public void call(BotSettings bot, String deliveryId, BotEvent event) throws BotCallException {
    byte[] body;
    try {
      body = json.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write bot event " + event.event(), e);
    }
    Answer answer;
    try {
      answer =
          http.post()
              .uri(bot.webhookUrl())
              .contentType(MediaType.APPLICATION_JSON)
              .header(EVENT_HEADER, event.event())
              .header(DELIVERY_HEADER, deliveryId)
              .header(SIGNATURE_HEADER, "sha256=" + signature(bot.secret(), body))
              .body(body)
              .exchange((request, response) ->
                  new Answer(response.getStatusCode(), response.getHeaders().getFirst("Retry-After")));
    } catch (RestClientException e) {
      throw new BotCallException("The chat bot at " + bot.webhookUrl() + " did not answer: " + e.getMessage(), false, Duration.ZERO, e);
    }
    int status = answer.status().value();
    if (answer.status().is2xxSuccessful()) {
      return;
    }
    boolean temporary = status == 408 || status == 429 || answer.status().is5xxServerError();
    throw new BotCallException(
        "The chat bot at " + bot.webhookUrl() + " answered HTTP " + status, !temporary, retryAfter(answer.retryAfter()), null);
  }

  /** Hex HMAC-SHA256 of the body with the shared secret, as the bot recomputes it to trust a call. */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
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
