package dev.openlines.crm;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A sale in progress with a known client.
 *
 * @param source the connector the client came through (telegram, livechat, ...)
 * @param conversationId the conversation it was created from; unique, so one conversation makes at most one deal
 */
@Document(Deal.COLLECTION)
public record Deal(
    @Id String id,
    String title,
    String contactId,
    String companyId,
    String source,
    String conversationId,
    String responsibleOperatorId,
    Instant createdAt) {

  public static final String COLLECTION = "crm_deals";
}
