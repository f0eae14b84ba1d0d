package dev.openlines.conversation;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A client marked as a spammer on one connector; unique per (connectorId, clientId), see
 * {@link ClientFlagService}.
 *
 * @param conversationId the conversation that was marked as spam
 * @param flaggedBy the operator who marked it
 */
@Document(ClientFlag.COLLECTION)
public record ClientFlag(
    @Id String id, String connectorId, String clientId, String conversationId, String flaggedBy, Instant flaggedAt) {

  static final String COLLECTION = "clientFlags";
}
