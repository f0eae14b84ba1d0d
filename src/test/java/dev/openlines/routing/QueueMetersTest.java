package dev.openlines.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.util.ReflectionTestUtils;

class QueueMetersTest {

  @Test
  void countsEachChannelsQueueAndItsOldestWaitAndDropsToZeroWhenItEmpties() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MongoTemplate mongo = mock(MongoTemplate.class);
    Instant now = Instant.parse("2026-12-02T08:00:00Z");
    QueueMeters meters = new QueueMeters(mongo, Clock.fixed(now, ZoneOffset.UTC), registry);
    when(mongo.find(any(Query.class), eq(ConversationRouting.class)))
        .thenReturn(List.of(queued("web", now.minusSeconds(90)), queued("web", now.minusSeconds(30)), queued("mail", now)))
        .thenReturn(List.of(queued("mail", now.minusSeconds(5))));

    meters.refresh();
    String first = registry.scrape();
    assertThat(first).contains("openlines_queue_length{channel=\"web\"} 2.0");
    assertThat(first).contains("openlines_queue_length{channel=\"mail\"} 1.0");
    assertThat(first).contains("openlines_queue_oldest_wait_seconds{channel=\"web\"} 90.0");

    meters.refresh();
    String second = registry.scrape();
    assertThat(second).contains("openlines_queue_length{channel=\"web\"} 0.0");
    assertThat(second).contains("openlines_queue_oldest_wait_seconds{channel=\"web\"} 0.0");
    assertThat(second).contains("openlines_queue_oldest_wait_seconds{channel=\"mail\"} 5.0");
  }

  private static ConversationRouting queued(String channel, Instant since) {
    ConversationRouting routing = new ConversationRouting();
    ReflectionTestUtils.setField(routing, "queueChannelId", channel);
    ReflectionTestUtils.setField(routing, "queuedSince", since);
    return routing;
  }
}
