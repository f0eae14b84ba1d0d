package dev.openlines.ratelimit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openlines.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The connector's waiting cap counts a new conversation once it is admitted; a message the service then
 * refuses (overloaded) opens nothing and gives its place back, so a burst of refused messages does not
 * tell the next visitor that the operators are busy.
 */
class WaitingConversationCapTest {

  final AtomicLong stored = new AtomicLong();
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
  final WaitingConversationCap cap = new WaitingConversationCap(connector -> stored.get(), clock);

  @Test
  void aPlaceGivenBackIsFreeForTheNextVisitorWithinTheSameSecond() {
    Instant counted = cap.admit("chat", 2);
    cap.admit("chat", 2);
    assertThatThrownBy(() -> cap.admit("chat", 2)).isInstanceOf(TooManyRequestsException.class)
        .hasMessageContaining("2 conversations are already waiting");

    cap.giveBack("chat", counted);

    assertThatCode(() -> cap.admit("chat", 2)).doesNotThrowAnyException();
  }

  @Test
  void aPlaceTakenBeforeARecountIsNotGivenBackTwice() {
    Instant counted = cap.admit("chat", 2);
    clock.advance(Duration.ofSeconds(2));
    stored.set(2); // the recount sees two others waiting; the refused one was never stored
    assertThatThrownBy(() -> cap.admit("chat", 2)).isInstanceOf(TooManyRequestsException.class);

    cap.giveBack("chat", counted);

    assertThatThrownBy(() -> cap.admit("chat", 2)).isInstanceOf(TooManyRequestsException.class);
  }
}
