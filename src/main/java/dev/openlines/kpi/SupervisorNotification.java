package dev.openlines.kpi;

import dev.openlines.channel.KpiLimit;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A message in a supervisor's notification inbox. Delivering it to the supervisor's own messenger
 * is a later step; the inbox is the record.
 *
 * @param id derived from the breach and the recipient, so a redelivered job stores it once
 */
@Document(SupervisorNotification.COLLECTION)
public record SupervisorNotification(
    @Id String id,
    String recipientId,
    String conversationId,
    String operatorId,
    KpiLimit limit,
    String text,
    Instant createdAt,
    Instant readAt) {

  static final String COLLECTION = "supervisorNotifications";
}
