package dev.openlines.connector.whatsapp;

import dev.openlines.connector.InboundMessage;
import java.time.Instant;
import java.util.List;

/**
 * What one webhook notification of the WhatsApp Cloud API holds for one business number.
 *
 * @param messages the clients' messages OpenLines keeps (reactions, system and unsupported ones are left out)
 * @param statuses delivery receipts of messages the business sent
 */
record WhatsAppNotification(List<InboundMessage> messages, List<Status> statuses) {

  /**
   * @param status {@code sent}, {@code delivered}, {@code read} or {@code failed}
   * @param error for {@code failed}: Meta's error title and code
   */
  record Status(String providerMessageId, String recipientId, String status, Instant at, String error) {}
}
