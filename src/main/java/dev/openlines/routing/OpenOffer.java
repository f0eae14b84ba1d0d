package dev.openlines.routing;

import dev.openlines.channel.DistributionMode;
import java.time.Instant;
import java.util.List;

/**
 * An offer that waits for an operator's answer.
 *
 * @param expiresAt when the idle time runs out and it goes to the next operator; null in ALL mode (no idle
 *     forwarding)
 */
public record OpenOffer(List<String> operatorIds, DistributionMode mode, long round, Instant expiresAt) {}
