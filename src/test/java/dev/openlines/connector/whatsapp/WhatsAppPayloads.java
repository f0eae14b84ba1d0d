package dev.openlines.connector.whatsapp;

/** Notifications in the shape of https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples. */
final class WhatsAppPayloads {

  static final String PHONE_NUMBER_ID = "106540352242922";
  static final String CLIENT = "16505551234";

  private WhatsAppPayloads() {}

  static String notification(String phoneNumberId, String valueBody) {
    return """
        {"object": "whatsapp_business_account",
         "entry": [{"id": "102290129340398",
           "changes": [{"value": {"messaging_product": "whatsapp",
               "metadata": {"display_phone_number": "15550783881", "phone_number_id": "%s"},
               %s},
             "field": "messages"}]}]}
        """.formatted(phoneNumberId, valueBody);
  }

  static String message(String wamid, long timestamp, String typeAndContent) {
    return notification(PHONE_NUMBER_ID, """
        "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "%s"}],
        "messages": [{"from": "%s", "id": "%s", "timestamp": "%d", %s}]
        """.formatted(CLIENT, CLIENT, wamid, timestamp, typeAndContent));
  }

  static String text(String wamid, long timestamp, String body) {
    return message(wamid, timestamp, "\"text\": {\"body\": \"%s\"}, \"type\": \"text\"".formatted(body));
  }

  static String status(String wamid, String status, long timestamp) {
    return notification(PHONE_NUMBER_ID, """
        "statuses": [{"id": "%s", "status": "%s", "timestamp": "%d", "recipient_id": "%s",
          "conversation": {"id": "6ceb9d929c1f4f3d8a3f1c5b2b1a3b4c", "origin": {"type": "service"}},
          "pricing": {"billable": true, "pricing_model": "PMP", "category": "service"}}]
        """.formatted(wamid, status, timestamp, CLIENT));
  }
}
