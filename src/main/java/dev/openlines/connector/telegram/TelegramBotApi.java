package dev.openlines.connector.telegram;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openlines.connector.DeliveryException;
import dev.openlines.security.SecretRedaction;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The Bot API methods OpenLines calls, with Telegram's errors turned into delivery outcomes: 429
 * waits the {@code retry_after} Telegram names; 400 and 403 (chat not found, bot blocked by the user)
 * are permanent; everything else (no connection, timeout, 5xx, ...) is temporary and left to the caller's
 * backoff. Error texts never contain the request URL, which holds the bot token.
 */
public class TelegramBotApi {

  private final RestClient http;

  public TelegramBotApi(RestClient.Builder builder, Duration timeout) {
    SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
    requests.setConnectTimeout(timeout);
    requests.setReadTimeout(timeout);
    this.http = builder.requestFactory(requests).build();
  }

  /** @return the message_id Telegram gave the sent message */
  public long sendMessage(URI baseUrl, String botToken, String chatId, String text) throws DeliveryException {
    return call(baseUrl, botToken, "sendMessage", new SendMessage(chatId, text, null));
  }

  /**
   * A text with buttons under it (an inline keyboard): a button press comes back as a
   * {@code callback_query} update carrying the button's {@code callback_data}.
   *
   * @return the message_id Telegram gave the sent message
   */
  public long sendMessage(URI baseUrl, String botToken, String chatId, String text, InlineKeyboard keyboard)
      throws DeliveryException {
    return call(baseUrl, botToken, "sendMessage", new SendMessage(chatId, text, keyboard));
  }

  /** Replaces the text of a message the bot sent. */
  public void editMessageText(URI baseUrl, String botToken, String chatId, long messageId, String text) throws DeliveryException {
    call(baseUrl, botToken, "editMessageText", new EditMessageText(chatId, messageId, text));
  }

  /** Replaces the caption of a file the bot sent. */
  public void editMessageCaption(URI baseUrl, String botToken, String chatId, long messageId, String caption)
      throws DeliveryException {
    call(baseUrl, botToken, "editMessageCaption", new EditMessageCaption(chatId, messageId, caption));
  }

  /** Replaces (an empty keyboard: removes) the buttons under a message the bot sent. */
  public void editMessageReplyMarkup(URI baseUrl, String botToken, String chatId, long messageId, InlineKeyboard keyboard)
      throws DeliveryException {
    call(baseUrl, botToken, "editMessageReplyMarkup", new EditMessageReplyMarkup(chatId, messageId, keyboard));
  }

  /** Removes a message the bot sent from the chat (Telegram allows it within 48 hours). */
  public void deleteMessage(URI baseUrl, String botToken, String chatId, long messageId) throws DeliveryException {
    call(baseUrl, botToken, "deleteMessage", new DeleteMessage(chatId, messageId));
  }

  /** Tells the client's app the button press was handled (it stops the button's spinner), with a short notice. */
  public void answerCallbackQuery(URI baseUrl, String botToken, String callbackQueryId, String text) throws DeliveryException {
    call(baseUrl, botToken, "answerCallbackQuery", new AnswerCallbackQuery(callbackQueryId, text));
  }

  /**
   * @param document a file_id Telegram already has, or an HTTP URL Telegram downloads
   * @return the message_id Telegram gave the sent message
   */
  public long sendDocument(URI baseUrl, String botToken, String chatId, String document, String caption)
      throws DeliveryException {
    return call(baseUrl, botToken, "sendDocument", new SendDocument(chatId, document, caption));
  }

  /**
   * Uploads a file OpenLines keeps: {@code sendPhoto} for a picture Telegram shows as a photo, else {@code sendDocument}
   * (multipart/form-data, as the Bot API takes new files).
   *
   * @return the message_id Telegram gave the sent message
   */
  public long sendUpload(URI baseUrl, String botToken, String chatId, boolean photo, String fileName, String contentType,
      byte[] content, String caption) throws DeliveryException {
    org.springframework.util.MultiValueMap<String, Object> form = new org.springframework.util.LinkedMultiValueMap<>();
    form.add("chat_id", chatId);
    if (caption != null) {
      form.add("caption", caption);
    }
    org.springframework.http.HttpHeaders part = new org.springframework.http.HttpHeaders();
    part.setContentType(MediaType.parseMediaType(contentType));
    part.setContentDisposition(org.springframework.http.ContentDisposition.formData().name(photo ? "photo" : "document")
        .filename(fileName).build());
    form.add(photo ? "photo" : "document", new org.springframework.http.HttpEntity<>(new org.springframework.core.io.ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return fileName;
      }
    }, part));
    return call(baseUrl, botToken, photo ? "sendPhoto" : "sendDocument", form, MediaType.MULTIPART_FORM_DATA);
  }

  private long call(URI baseUrl, String botToken, String method, Object request) throws DeliveryException {
    return call(baseUrl, botToken, method, request, MediaType.APPLICATION_JSON);
  }

  private long call(URI baseUrl, String botToken, String method, Object request, MediaType contentType) throws DeliveryException {
    Answer answer;
    try {
      answer =
          http.post()
              .uri(baseUrl.toString().replaceAll("/+$", "") + "/bot{token}/{method}", botToken, method)
              .contentType(contentType)
              .body(request)
              .exchange((req, res) -> new Answer(res.getStatusCode(), readBody(res)));
    } catch (RestClientException e) {
      // Spring's message names the request URL, which carries the bot token: store a short reason
      // without any URL, and keep the cause for the logs with the token redacted.
      throw DeliveryException.temporary("Telegram Bot API unreachable: " + reason(e), Duration.ZERO,
          SecretRedaction.redact(e, botToken));
    }
    Response body = answer.body();
    if (answer.status().is2xxSuccessful() && body != null && Boolean.TRUE.equals(body.ok())) {
      // A sent message's result is the Message; other methods answer true.
      JsonNode messageId = body.result() == null ? null : body.result().get("message_id");
      return messageId == null || !messageId.canConvertToLong() ? 0 : messageId.asLong();
    }
    String description = body != null && body.description() != null
        ? SecretRedaction.redact(body.description(), botToken)
        : "HTTP " + answer.status().value();
    int code = answer.status().value();
    if (code == 429) {
      long seconds = body != null && body.parameters() != null && body.parameters().retryAfter() != null
          ? body.parameters().retryAfter() : 0;
      throw DeliveryException.temporary("Telegram " + method + ": " + description, Duration.ofSeconds(seconds), null);
    }
    if (code == 400 || code == 403) {
      throw DeliveryException.permanent("Telegram " + method + ": " + description);
    }
    throw DeliveryException.temporary("Telegram " + method + ": " + description, Duration.ZERO, null);
  }

  /** What went wrong on the wire, without the URL: e.g. "connect timed out", "Connection refused". */
  static String reason(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof java.net.UnknownHostException) {
      return "unknown host";
    }
    String message = root.getMessage();
    return message == null || message.contains("/bot") ? root.getClass().getSimpleName() : message;
  }

  private static Response readBody(org.springframework.web.client.RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse res)
      throws IOException {
    try {
      return res.bodyTo(Response.class);
    } catch (RestClientException notJson) {
      return null;
    }
  }

  private record Answer(HttpStatusCode status, Response body) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SendMessage(String chatId, String text, InlineKeyboard replyMarkup) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record EditMessageText(String chatId, long messageId, String text) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record EditMessageCaption(String chatId, long messageId, String caption) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record EditMessageReplyMarkup(String chatId, long messageId, InlineKeyboard replyMarkup) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record DeleteMessage(String chatId, long messageId) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AnswerCallbackQuery(String callbackQueryId, String text) {}

  /** https://core.telegram.org/bots/api#inlinekeyboardmarkup: rows of buttons. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record InlineKeyboard(List<List<Button>> inlineKeyboard) {

    /** No buttons: given to editMessageReplyMarkup, it removes them. */
    public static InlineKeyboard none() {
      return new InlineKeyboard(List.of());
    }
  }

  /** A button that sends {@code callbackData} (1-64 bytes) back as a callback query. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Button(String text, String callbackData) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SendDocument(String chatId, String document, String caption) {}

  /** https://core.telegram.org/bots/api#making-requests: {@code ok}, {@code result} or {@code description}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Response(Boolean ok, JsonNode result, Integer errorCode, String description, Parameters parameters) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Parameters(Long retryAfter) {}
}
