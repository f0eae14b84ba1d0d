package dev.openlines.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.openlines.conversation.Conversation;
import dev.openlines.routing.ConversationFirstOffered;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

class TimeToOfferMeterTest {

  @Test
  void recordsFromTheConversationsOpeningToItsFirstOfferInSecondsBuckets() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MongoTemplate mongo = mock(MongoTemplate.class);
    Instant opened = Instant.parse("2026-12-02T04:00:00Z");
    when(mongo.findOne(any(Query.class), eq(Conversation.class)))
        .thenReturn(new Conversation("c-1", "web", "livechat", "client-1", opened));
    TimeToOfferMeter meter = new TimeToOfferMeter(mongo, registry);

    meter.firstOffered(new ConversationFirstOffered("c-1", opened.plusMillis(80)));

    String scrape = registry.scrape();
    assertThat(scrape).contains("openlines_conversation_time_to_offer_seconds_count 1");
    assertThat(scrape).contains("openlines_conversation_time_to_offer_seconds_sum 0.08");
    assertThat(scrape).containsPattern("openlines_conversation_time_to_offer_seconds_bucket\\{le=\"0\\.08[0-9]*\"\\} 1");
  }
}
