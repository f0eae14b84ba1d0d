package dev.openlines.routing;

import dev.openlines.channel.DistributionMode;
import java.time.Duration;
import java.util.List;

/**
 * @param operatorIds who sees the offer now: one operator in STRICT and EVENLY, everyone available in ALL; empty when
 *     nobody can take it
 * @param channelMode the distribution mode of the channel whose queue takes the conversation (the one it was
 *     transferred to, else its own) as it is now: the next round's {@code channelDistributionMode}
 */
public record OfferResult(long round, List<String> operatorIds, DistributionMode mode, Duration idleTime,
    DistributionMode channelMode) {

  public boolean offered() {
    return !operatorIds.isEmpty();
  }
}
