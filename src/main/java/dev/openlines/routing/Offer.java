package dev.openlines.routing;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Who was offered which conversation, when, and what became of it. The id is conversation, round and
 * operator, so a redelivered offer job cannot offer twice.
 *
 * @param capacityReserved whether this offer holds one of the operator's slots (STRICT and EVENLY at offer
 *     time; ALL only once answered)
 * @param expiresAt when the idle time of an offer to one operator runs out (kept so that a restart
 *     lets it expire at its original time); null for an offer to everyone
 * @param toResponsible made to the client's CRM-responsible operator ahead of the queue, not by the queue:
 *     taking them out of the queue does not take it away
 */
@Document("offers")
public record Offer(
    @Id String id,
    String conversationId,
    String queueChannelId,
    String operatorId,
    Long round,
    OfferStatus status,
    Boolean capacityReserved,
    Instant offeredAt,
    Instant decidedAt,
    Instant expiresAt,
    Boolean toResponsible) {

  static String id(String conversationId, long round, String operatorId) {
    return conversationId + "/" + round + "/" + operatorId;
  }
}
