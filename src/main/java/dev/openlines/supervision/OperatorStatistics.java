package dev.openlines.supervision;

import java.time.Instant;
import java.util.List;

/**
 * Figures of a period for each operator and each channel. Times in milliseconds, null without replies.
 *
 * @param key the operator id or the channel id
 */
public record OperatorStatistics(Instant from, Instant to, List<Line> operators, List<Line> channels) {

  public record Line(
      String key,
      long conversations,
      long closed,
      Long averageFirstResponseMillis,
      Long averageResponseMillis,
      Long maxResponseMillis,
      long kpiBreaches,
      long likes,
      long dislikes,
      Double averageSupervisorRating) {}
}
