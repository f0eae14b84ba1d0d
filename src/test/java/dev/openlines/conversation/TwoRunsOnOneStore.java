package dev.openlines.conversation;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.openlines.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Two runs of the service on one in-memory store of their own, on one clock a test moves: what one run holds, and
 * when the other may take it over. Close it after the test.
 */
final class TwoRunsOnOneStore implements AutoCloseable {

  static final Duration LEASE = Duration.ofMinutes(2);
  static final MessageDeliveryProperties PROPERTIES = new MessageDeliveryProperties(
      Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofSeconds(1), LEASE, Duration.ofDays(1), Duration.ofSeconds(10));

  final MutableClock clock;
  final MongoTemplate mongo;
  final ServiceRuns firstRun;
  final ServiceRuns secondRun;
  private final MongoServer server = new MongoServer(H2Backend.inMemory());
  private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());

  TwoRunsOnOneStore(Instant now) {
    clock = new MutableClock(now);
    mongo = new MongoTemplate(client, "two-runs");
    firstRun = new ServiceRuns(mongo, clock, PROPERTIES);
    secondRun = new ServiceRuns(mongo, clock, PROPERTIES);
  }

  /** Time passes in steps of 5 s, and only the second run beats: the first was killed. */
  void onlySecondBeatsFor(Duration duration) {
    for (Duration passed = Duration.ZERO; passed.compareTo(duration) < 0; passed = passed.plusSeconds(5)) {
      clock.advance(Duration.ofSeconds(5));
      secondRun.beat();
    }
  }

  @Override
  public void close() {
    client.close();
    server.shutdownNow();
  }
}
