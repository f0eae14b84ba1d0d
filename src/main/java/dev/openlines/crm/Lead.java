package dev.openlines.crm;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A possible sale, not yet qualified.
 *
 * @param source the connector the client came through (telegram, livechat, ...)
 * @param conversationId the conversation it was created from; unique, so one conversation makes at most one lead
 */
@Document(Lead.COLLECTION)
public record Lead(
    @Id String id,
    String title,
    String contactId,
    String source,
    String conversationId,
    String responsibleOperatorId,
    Instant createdAt) {

  public static final String COLLECTION = "crm_leads";
}
