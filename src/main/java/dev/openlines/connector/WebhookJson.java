package dev.openlines.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/** Reading webhook bodies as JSON trees, with a precise 400 reason for every missing or mistyped field. */
public final class WebhookJson {

  private final ObjectMapper json;
  private final String format;

  /** @param format what the body should be, for messages, e.g. "a WhatsApp webhook notification" */
  public WebhookJson(ObjectMapper json, String format) {
    this.json = json;
    this.format = format;
  }

  public JsonNode parseObject(byte[] body) throws MalformedWebhookException {
    if (body == null || body.length == 0) {
      throw new MalformedWebhookException("The body is empty: expected " + format);
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw new MalformedWebhookException("The body is not JSON: expected " + format);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedWebhookException("The body is not a JSON object: expected " + format);
    }
    return root;
  }

  public static JsonNode required(JsonNode node, String field, String where) throws MalformedWebhookException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new MalformedWebhookException(where + field + " is required");
    }
    return value;
  }

  public static JsonNode requiredArray(JsonNode node, String field, String where) throws MalformedWebhookException {
    JsonNode value = required(node, field, where);
    if (!value.isArray()) {
      throw new MalformedWebhookException(where + field + " must be an array");
    }
    return value;
  }

  public static JsonNode requiredObject(JsonNode node, String field, String where) throws MalformedWebhookException {
    JsonNode value = required(node, field, where);
    if (!value.isObject()) {
      throw new MalformedWebhookException(where + field + " must be an object");
    }
    return value;
  }

  /** A string or number field as text, e.g. an id some providers send either way. */
  public static String requiredText(JsonNode node, String field, String where) throws MalformedWebhookException {
    JsonNode value = required(node, field, where);
    if (!value.isTextual() && !value.isNumber()) {
      throw new MalformedWebhookException(where + field + " must be a string");
    }
    String text = value.asText();
    if (text.isBlank()) {
      throw new MalformedWebhookException(where + field + " must not be empty");
    }
    return text;
  }

  /** Null when absent or not a string. */
  public static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && (value.isTextual() || value.isNumber()) && !value.asText().isBlank() ? value.asText() : null;
  }

  /** An epoch-seconds (or with {@code millis}, epoch-milliseconds) timestamp, as number or numeric string. */
  public static Instant requiredEpoch(JsonNode node, String field, String where, boolean millis) throws MalformedWebhookException {
    String text = requiredText(node, field, where);
    try {
      long value = Long.parseLong(text.trim());
      return millis ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw new MalformedWebhookException(where + field + " must be a Unix time in " + (millis ? "milliseconds" : "seconds"));
    }
  }
}
