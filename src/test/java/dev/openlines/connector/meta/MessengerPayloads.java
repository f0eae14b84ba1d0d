package dev.openlines.connector.meta;

/** Webhook events in the shape of https://developers.facebook.com/docs/messenger-platform/reference/webhook-events. */
final class MessengerPayloads {

  static final String PAGE_ID = "104593412345678";
  static final String PSID = "7654321098765432";

  private MessengerPayloads() {}

  static String batch(String object, String pageId, String events) {
    return """
        {"object": "%s", "entry": [{"id": "%s", "time": 1764650000000, "messaging": [%s]}]}
        """.formatted(object, pageId, events);
  }

  static String text(String object, String mid, long timestampMillis, String text) {
    return batch(object, PAGE_ID, """
        {"sender": {"id": "%s"}, "recipient": {"id": "%s"}, "timestamp": %d,
         "message": {"mid": "%s", "text": "%s"}}""".formatted(PSID, PAGE_ID, timestampMillis, mid, text));
  }
}
