package dev.openlines.kpi;

import dev.openlines.conversation.ConversationFacts;
import dev.openlines.routing.ConversationFirstOffered;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Meter {@value #NAME}: from the moment the client began to wait for the operators to the conversation's
 * first offer to an operator, once per conversation. That moment is the client's first message (the
 * conversation is opened in the same call), so a backlog before routing counts; but for a client the chat
 * bot served first it is the bot's hand-off, and for a client held until the channel opened it is the
 * opening: neither the bot's time nor the night is the operators' wait. Published with a histogram, so
 * {@code /actuator/prometheus} gives the percentiles a capacity plan needs.
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
            .description("Time from a client beginning to wait for the operators (first message, chat bot hand-off or "
                + "opening) to the conversation's first offer to an operator")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(5))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
  }

  @EventListener
  void firstOffered(ConversationFirstOffered offered) {
    Instant since = Optional.ofNullable(offered.waitingSince())
        .or(() -> Optional.ofNullable(offered.conversationCreatedAt()))
        .or(() -> conversations.openedAt(offered.conversationId()))
        .orElse(null);
    if (since != null) {
      Duration waited = Duration.between(since, offered.offeredAt());
      timer.record(waited.isNegative() ? Duration.ZERO : waited);
    }
  }
}
