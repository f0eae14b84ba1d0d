package dev.openlines.routing;

import dev.openlines.channel.DistributionMode;
import java.time.Duration;
import java.util.List;

/**
 * @param operatorIds who sees the offer now: one operator in STRICT and EVENLY, everyone available in ALL; empty when
 *     nobody can take it
 */
public record OfferResult(long round, List<String> operatorIds, DistributionMode mode, Duration idleTime) {

  public boolean offered() {
    return !operatorIds.isEmpty();
  }
}
