package dev.openlines.connector.viber;

/** Callbacks in the shape of https://developers.viber.com/docs/api/rest-bot-api/#callbacks. */
final class ViberPayloads {

  static final String AUTH_TOKEN = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9";
  static final String USER = "01234567890A=";

  private ViberPayloads() {}

  static String message(long token, long timestamp, String message) {
    return """
        {"event": "message", "timestamp": %d, "chat_hostname": "SN-376_", "message_token": %d,
         "sender": {"id": "%s", "name": "John McClane", "avatar": "http://avatar.example.com", "country": "UK",
                    "language": "en", "api_version": 1},
         "message": %s, "silent": false}
        """.formatted(timestamp, token, USER, message);
  }

  static String text(long token, long timestamp, String text) {
    return message(token, timestamp, "{\"type\": \"text\", \"text\": \"%s\", \"tracking_data\": \"tracking data\"}".formatted(text));
  }

  static String receipt(String event, long token, long timestamp) {
    return """
        {"event": "%s", "timestamp": %d, "chat_hostname": "SN-376_", "message_token": %d, "user_id": "%s"}
        """.formatted(event, timestamp, token, USER);
  }
}
