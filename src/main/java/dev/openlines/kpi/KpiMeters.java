package dev.openlines.kpi;

import dev.openlines.channel.KpiLimit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Response-time meters, tagged with the channel and the limit ({@code first} or {@code subsequent}):
 * {@value #RESPONSE_TIME}, how long clients waited for an operator's reply (a histogram), recorded by
 * {@link ResponseTimeService}; {@value #BREACHES}, replies that came too late for the channel's KPI
 * limit, counted once per breach by {@link KpiService}. A channel's breach counters start at 0 with
 * its first timed reply, so {@code increase()} sees the first breach.
 */
@Component
class KpiMeters {

  static final String RESPONSE_TIME = "openlines.conversation.response.time";
  static final String BREACHES = "openlines.kpi.breaches";

  private final MeterRegistry registry;

  KpiMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void responded(String channelId, KpiLimit limit, Duration waited) {
    Timer.builder(RESPONSE_TIME)
        .description("Time from a client's oldest unanswered message to the operator's reply")
        .tag("channel", tag(channelId))
        .tag("response", kind(limit))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofSeconds(1))
        .maximumExpectedValue(Duration.ofHours(4))
        .register(registry)
        .record(waited.isNegative() ? Duration.ZERO : waited);
    for (KpiLimit each : KpiLimit.values()) {
      breaches(channelId, each);
    }
  }

  void breached(String channelId, KpiLimit limit) {
    breaches(channelId, limit).increment();
  }

  private Counter breaches(String channelId, KpiLimit limit) {
    return Counter.builder(BREACHES)
        .description("Replies late for the channel's response-time limit")
        .tag("channel", tag(channelId))
        .tag("response", kind(limit))
        .register(registry);
  }

  private static String kind(KpiLimit limit) {
    return limit == KpiLimit.FIRST_RESPONSE ? "first" : "subsequent";
  }

  private static String tag(String channelId) {
    return channelId == null ? "unknown" : channelId;
  }
}
