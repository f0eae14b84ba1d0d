package dev.openlines.kpi;

import dev.openlines.conversation.ConversationFacts;
import dev.openlines.routing.ConversationFirstOffered;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Meter {@value #NAME}: from the client's first message being queued (the conversation is opened in
 * the same call) to the conversation's first offer to an operator, once per conversation. Published
 * with a histogram, so {@code /actuator/prometheus} gives the percentiles a capacity plan needs.
 */
@Component
class TimeToOfferMeter {

  static final String NAME = "openlines.conversation.time.to.offer";

  private final ConversationFacts conversations;
  private final Timer timer;

  TimeToOfferMeter(ConversationFacts conversations, MeterRegistry registry) {
    this.conversations = conversations;
    this.timer =
        Timer.builder(NAME)
            .description("Time from a new conversation's first client message to its first offer to an operator")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(5))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
  }

  @EventListener
  void firstOffered(ConversationFirstOffered offered) {
    Instant createdAt = offered.conversationCreatedAt() != null
        ? offered.conversationCreatedAt()
        : conversations.openedAt(offered.conversationId()).orElse(null);
    if (createdAt != null) {
      Duration waited = Duration.between(createdAt, offered.offeredAt());
      timer.record(waited.isNegative() ? Duration.ZERO : waited);
    }
  }
}
