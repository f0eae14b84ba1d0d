package dev.openlines.supervision;

import dev.openlines.conversation.ClientRating;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.SupervisorRating;
import dev.openlines.conversation.ResponseTime;
import java.time.Instant;
import java.util.List;

/**
 * One line of the supervisor's conversation list with its KPI columns (milliseconds; null before the
 * first reply): first response time, total, average (rounded as in the statistics) and maximum of all
 * response times; the client's like/dislike with their words, and the supervisor's grade.
 */
public record ConversationRow(
    String id,
    String channelId,
    String connectorType,
    String clientId,
    String operatorId,
    ConversationStatus status,
    Instant createdAt,
    Long firstResponseMillis,
    Long totalResponseMillis,
    Long averageResponseMillis,
    Long maxResponseMillis,
    int responses,
    int kpiBreaches,
    ClientRating clientRating,
    String clientRatingComment,
    SupervisorRating supervisorRating) {

  static ConversationRow of(Conversation c, String operatorId) {
    List<ResponseTime> times = c.getResponseTimes();
    Long total = times.isEmpty() ? null : times.stream().mapToLong(ResponseTime::millis).sum();
    Long max = times.isEmpty() ? null : times.stream().mapToLong(ResponseTime::millis).max().getAsLong();
    return new ConversationRow(
        c.getId(), c.getChannelId(), c.getConnectorType(), c.getClientId(), operatorId, c.getStatus(), c.getCreatedAt(),
        c.getFirstResponseMillis(), total, total == null ? null : Math.round((double) total / times.size()), max, times.size(),
        c.getKpiBreaches().size(), c.getClientRating(), c.getClientRatingComment(), c.getSupervisorRating());
  }
}
