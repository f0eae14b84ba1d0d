package dev.openlines.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.openlines.testing.MutableClock;

/**
 * Two instances of the service on one store: a message one of them is delivering is not delivered by the other's
 * repeat of the request, until the claim runs out or its run stops beating (its holder was killed). On a store of its
 * own.
 */
class DeliveryClaimsTest {

  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final Duration LEASE = TwoRunsOnOneStore.LEASE;

  private final TwoRunsOnOneStore store = new TwoRunsOnOneStore(NOW);
  private final MutableClock clock = store.clock;
  private final ServiceRuns firstRun = store.firstRun;
  private final ServiceRuns secondRun = store.secondRun;
  private final DeliveryClaims first = new DeliveryClaims(store.mongo, firstRun);
  private final DeliveryClaims second = new DeliveryClaims(store.mongo, secondRun);

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aMessageAnotherInstanceDeliversIsNotTakenUntilItsClaimRunsOut() {
    assertThat(first.take("m-1", "c-1", NOW, NOW.plus(LEASE))).isTrue();

    assertThat(second.take("m-1", "c-1", NOW.plusSeconds(5), NOW.plusSeconds(5).plus(LEASE))).isFalse();
    assertThat(second.abandoned(NOW.plusSeconds(5), 10)).isEmpty();

    Instant later = NOW.plus(LEASE).plusSeconds(1);
    assertThat(second.abandoned(later, 10)).extracting(DeliveryClaims.Claim::messageId).containsExactly("m-1");
    assertThat(second.take("m-1", "c-1", later, later.plus(LEASE))).isTrue();
    assertThat(first.take("m-1", "c-1", later, later.plus(LEASE))).as("now the second's").isFalse();
  }

  @Test
  void theClaimOfARunThatStoppedBeatingIsTakenAtOnce() {
    assertThat(first.take("m-1", "c-1", NOW, NOW.plus(LEASE))).isTrue();
    clock.advance(Duration.ofSeconds(20));
    secondRun.beat();
    firstRun.beat();
    Instant killed = clock.instant();

    clock.advance(Duration.ofSeconds(25));
    secondRun.beat();
    assertThat(second.take("m-1", "c-1", clock.instant(), clock.instant().plus(LEASE))).as("two beats missed").isFalse();

    clock.advance(Duration.ofSeconds(10));
    secondRun.beat();
    assertThat(killed.plus(Duration.ofSeconds(30))).isBefore(clock.instant());
    assertThat(second.abandoned(clock.instant(), 10)).extracting(DeliveryClaims.Claim::messageId).containsExactly("m-1");
    assertThat(second.take("m-1", "c-1", clock.instant(), clock.instant().plus(LEASE))).as("three missed").isTrue();
    assertThat(clock.instant()).isBefore(NOW.plus(LEASE));
  }

  @Test
  void anInstanceTakesAgainItsOwnClaimWhoseCallDied() {
    // The caller asks only when no call of its own works on the message (MessageSendingService's in-memory set).
    assertThat(first.take("m-1", "c-1", NOW, NOW.plus(LEASE))).isTrue();

    assertThat(first.take("m-1", "c-1", NOW.plusSeconds(1), NOW.plusSeconds(1).plus(LEASE))).isTrue();
  }

  @Test
  void aReleasedMessageIsFreeAndNeverRunsOut() {
    first.take("m-1", "c-1", NOW, NOW.plus(LEASE));

    first.release("m-1");

    assertThat(second.abandoned(NOW.plus(LEASE).plusSeconds(1), 10)).isEmpty();
    assertThat(second.take("m-1", "c-1", NOW, NOW.plus(LEASE))).isTrue();
  }

  @Test
  void ofTwoSweepsTakingOverTheSameClaimOneWins() {
    first.take("m-1", "c-1", NOW, NOW.plus(LEASE));
    Instant later = NOW.plus(LEASE).plusSeconds(1);
    DeliveryClaims.Claim seenByBoth = second.abandoned(later, 10).getFirst();

    assertThat(second.takeOver(seenByBoth, later.plus(LEASE))).isTrue();
    assertThat(first.takeOver(seenByBoth, later.plus(LEASE))).isFalse();
  }
}
