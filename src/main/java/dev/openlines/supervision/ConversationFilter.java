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
    Boolean kpiBreached) {}
