package dev.openlines.routing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges per channel: {@value #LENGTH} conversations no operator holds yet (being routed, offered, or
 * waiting for a free operator) and {@value #OLDEST_WAIT} seconds the longest of them has waited since
 * entering the queue. Refreshed on a schedule ({@code openlines.metrics.queue-refresh}, default 15 s)
 * by one query served by the routing status index, not on every scrape; a channel once seen stays on
 * the gauge with 0 when its queue empties, so graphs drop to zero instead of ending.
 */
@Component
class QueueMeters {

  static final String LENGTH = "openlines.queue.length";
  static final String OLDEST_WAIT = "openlines.queue.oldest.wait";
  private static final List<RoutingStatus> QUEUED =
      List.of(RoutingStatus.ROUTING, RoutingStatus.OFFERED, RoutingStatus.WAITING, RoutingStatus.WOKEN);

  private final MongoTemplate mongo;
  private final Clock clock;
  private final MeterRegistry registry;
  /** The last refresh's figures of every channel seen, read by the gauges (registered once per channel). */
  private final Map<String, Figures> channels = new ConcurrentHashMap<>();

  QueueMeters(MongoTemplate mongo, Clock clock, MeterRegistry registry) {
    this.mongo = mongo;
    this.clock = clock;
    this.registry = registry;
  }

  @Scheduled(fixedDelayString = "${openlines.metrics.queue-refresh:PT15S}")
  void refresh() {
    Query queued = Query.query(Criteria.where("status").in(QUEUED));
    queued.fields().include("queueChannelId", "queuedSince");
    Instant now = clock.instant();
    Map<String, Queue> queues = new HashMap<>();
    for (ConversationRouting waiting : mongo.find(queued, ConversationRouting.class)) {
      if (waiting.getQueueChannelId() != null) {
        Instant since = waiting.getQueuedSince() == null ? now : waiting.getQueuedSince();
        queues.merge(waiting.getQueueChannelId(), new Queue(1, since), Queue::plus);
      }
    }
    queues.keySet().forEach(channel -> channels.computeIfAbsent(channel, this::register));
    channels.forEach((channel, figures) -> {
      Queue queue = queues.getOrDefault(channel, new Queue(0, now));
      figures.length = queue.length();
      figures.oldestWaitSeconds = Math.max(0, Duration.between(queue.oldest(), now).toMillis()) / 1000.0;
    });
  }

  private Figures register(String channel) {
    Figures figures = new Figures();
    Gauge.builder(LENGTH, figures, f -> f.length)
        .description("Conversations in a channel's queue: not yet held by an operator")
        .tag("channel", channel)
        .register(registry);
    Gauge.builder(OLDEST_WAIT, figures, f -> f.oldestWaitSeconds)
        .description("How long the longest-waiting conversation of a channel's queue has waited")
        .tag("channel", channel)
        .baseUnit("seconds")
        .register(registry);
    return figures;
  }

  private static final class Figures {
    volatile double length;
    volatile double oldestWaitSeconds;
  }

  private record Queue(long length, Instant oldest) {
    Queue plus(Queue other) {
      return new Queue(length + other.length, oldest.isBefore(other.oldest) ? oldest : other.oldest);
    }
  }
}
