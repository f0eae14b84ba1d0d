package dev.openlines.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two runs of the service retrying queued messages from one store: a conversation one run's retrier holds is left to
 * it while that run beats, and taken by the other as soon as it stops (killed in the middle of an attempt), not two
 * minutes later when its lease would end. On a store of its own.
 */
class OutboundQueueTest {

  private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");
  private static final Duration LEASE = TwoRunsOnOneStore.LEASE;

  private final TwoRunsOnOneStore store = new TwoRunsOnOneStore(NOW);
  private final MutableClock clock = store.clock;
  private final OutboundQueue killed = new OutboundQueue(store.mongo, store.firstRun);
  private final OutboundQueue live = new OutboundQueue(store.mongo, store.secondRun);

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aConversationAKilledRetrierHeldIsDueAsSoonAsItsRunStopsBeating() {
    killed.append("c-1", "m-1", NOW, 0);
    OutboundQueue.Waiting seen = killed.due(NOW, 10).getFirst();
    assertThat(killed.claim(seen, NOW.plus(LEASE))).isTrue();

    store.onlySecondBeatsFor(Duration.ofSeconds(25));
    assertThat(live.due(clock.instant(), 10)).as("its run still counts as alive").isEmpty();

    store.onlySecondBeatsFor(Duration.ofSeconds(20));
    assertThat(clock.instant()).isBefore(NOW.plus(LEASE));
    OutboundQueue.Waiting taken = live.due(clock.instant(), 10).getFirst();
    assertThat(taken.conversationId()).isEqualTo("c-1");
    assertThat(live.claim(taken, clock.instant().plus(LEASE))).isTrue();
    assertThat(killed.claim(taken, clock.instant().plus(LEASE))).as("of two claims one wins").isFalse();
  }

  @Test
  void aConversationWaitingForItsNextAttemptIsNobodysAndWaits() {
    killed.append("c-1", "m-1", NOW, 0);
    killed.claim(killed.due(NOW, 10).getFirst(), NOW.plus(LEASE));
    killed.retryLater("c-1", NOW.plus(Duration.ofHours(1)), 1);

    store.onlySecondBeatsFor(Duration.ofMinutes(1));

    assertThat(live.due(clock.instant(), 10)).as("the messenger asked to wait; the killed run held nothing").isEmpty();
  }
}
