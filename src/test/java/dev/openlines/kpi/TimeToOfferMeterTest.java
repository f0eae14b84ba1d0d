package dev.openlines.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.openlines.conversation.ConversationFacts;
import dev.openlines.routing.ConversationFirstOffered;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeToOfferMeterTest {

  @Test
  void recordsFromTheConversationsOpeningToItsFirstOfferInSecondsBuckets() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ConversationFacts conversations = mock(ConversationFacts.class);
    Instant opened = Instant.parse("2026-12-02T04:00:00Z");
    when(conversations.openedAt("c-1")).thenReturn(Optional.of(opened));
    TimeToOfferMeter meter = new TimeToOfferMeter(conversations, registry);

    meter.firstOffered(new ConversationFirstOffered("c-1", opened.plusMillis(80)));

    String scrape = registry.scrape();
    assertThat(scrape).contains("openlines_conversation_time_to_offer_seconds_count 1");
    assertThat(scrape).contains("openlines_conversation_time_to_offer_seconds_sum 0.08");
    assertThat(scrape).containsPattern("openlines_conversation_time_to_offer_seconds_bucket\\{le=\"0\\.08[0-9]*\"\\} 1");
  }

  @Test
  void countsFromWhenTheClientBeganToWaitForTheOperatorsWhenTheProcessTellsIt() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TimeToOfferMeter meter = new TimeToOfferMeter(mock(ConversationFacts.class), registry);
    Instant wroteAtNight = Instant.parse("2026-12-02T22:00:00Z");
    Instant opening = Instant.parse("2026-12-03T09:00:00Z");

    meter.firstOffered(new ConversationFirstOffered("c-2", opening.plusMillis(120), wroteAtNight, opening));

    assertThat(registry.scrape()).contains("openlines_conversation_time_to_offer_seconds_sum 0.12");
  }
}
