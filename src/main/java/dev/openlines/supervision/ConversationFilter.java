package dev.openlines.supervision;

import dev.openlines.conversation.ClientRating;
import dev.openlines.conversation.ConversationStatus;
import java.time.Instant;

/**
 * Filters of the supervisor's conversation list; null means any. {@code from}/{@code to} bound the
 * creation time ({@code from} inclusive, {@code to} exclusive).
 *
 * @param supervisorRating the supervisor's score 1-5
 * @param kpiBreached true: only conversations with a late reply; false: only those without
 * @param q words found in a message written in [from, to), or in the client's name there (any case); needs
 *     the period, at most {@link #LONGEST_SEARCH} long
 */
public record ConversationFilter(
    String channelId,
    ConversationStatus status,
    String operatorId,
    String connectorType,
    Instant from,
    Instant to,
    ClientRating clientRating,
    Integer supervisorRating,
    Boolean kpiBreached,
    String q) {

  /** The longest period a keyword search reads the messages of. */
  public static final java.time.Duration LONGEST_SEARCH = java.time.Duration.ofDays(31);

  boolean searchesText() {
    return q != null && !q.isBlank();
  }
}
