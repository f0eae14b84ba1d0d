package dev.openlines.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.openlines.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Two runs of the service retrying queued messages from one store: a conversation one run's retrier holds is left to
 * it while that run beats, and taken by the other as soon as it stops (killed in the middle of an attempt), not two
 * minutes later when its lease would end. On a store of its own.
 */
class OutboundQueueTest {

  private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final MessageDeliveryProperties PROPERTIES = new MessageDeliveryProperties(
      Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofSeconds(1), LEASE, Duration.ofDays(1), Duration.ofSeconds(10));

  private final MutableClock clock = new MutableClock(NOW);
  private MongoServer server;
  private MongoClient client;
  private ServiceRuns killedRun;
  private ServiceRuns liveRun;
  private OutboundQueue killed;
  private OutboundQueue live;

  @BeforeEach
  void twoRunsOnOneStore() {
    server = new MongoServer(H2Backend.inMemory());
    client = MongoClients.create(server.bindAndGetConnectionString());
    MongoTemplate mongo = new MongoTemplate(client, "queue-test");
    killedRun = new ServiceRuns(mongo, clock, PROPERTIES);
    liveRun = new ServiceRuns(mongo, clock, PROPERTIES);
    killed = new OutboundQueue(mongo, killedRun);
    live = new OutboundQueue(mongo, liveRun);
  }

  @AfterEach
  void close() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void aConversationAKilledRetrierHeldIsDueAsSoonAsItsRunStopsBeating() {
    killed.append("c-1", "m-1", NOW, 0);
    OutboundQueue.Waiting seen = killed.due(NOW, 10).getFirst();
    assertThat(killed.claim(seen, NOW.plus(LEASE))).isTrue();

    beatLiveRunFor(Duration.ofSeconds(25));
    assertThat(live.due(clock.instant(), 10)).as("its run still counts as alive").isEmpty();

    beatLiveRunFor(Duration.ofSeconds(20));
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

    beatLiveRunFor(Duration.ofMinutes(1));

    assertThat(live.due(clock.instant(), 10)).as("the messenger asked to wait; the killed run held nothing").isEmpty();
  }

  private void beatLiveRunFor(Duration duration) {
    for (Duration passed = Duration.ZERO; passed.compareTo(duration) < 0; passed = passed.plusSeconds(5)) {
      clock.advance(Duration.ofSeconds(5));
      liveRun.beat();
    }
  }
}
