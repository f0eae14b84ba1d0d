package dev.openlines.conversation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The runs of the service that share the store, each beating every {@code openlines.messages.run-heartbeat}: a run
 * not heard of for three beats was killed (or is stuck), so what it claimed may be taken over at once instead of when
 * its claims run out. After a restart that is what lets an operator's reply sent again go out at once.
 */
@Component
public class ServiceRuns {

  private static final int BEATS_MISSED = 3;

  private final String thisRun = UUID.randomUUID().toString();
  private final MongoTemplate mongo;
  private final Clock clock;
  private final MessageDeliveryProperties properties;

  public ServiceRuns(MongoTemplate mongo, Clock clock, MessageDeliveryProperties properties) {
    this.mongo = mongo;
    this.clock = clock;
    this.properties = properties;
    mongo.indexOps(Run.class).createIndex(new Index().on("seenAt", Sort.Direction.ASC).named("seen_at"));
    beat();
  }

  @Document("serviceRuns")
  record Run(@Id String id, Instant startedAt, Instant seenAt) {}

  public String thisRun() {
    return thisRun;
  }

  /** Also forgets runs silent for a day: the store keeps what the last day's restarts left, no more. */
  @Scheduled(fixedDelayString = "${openlines.messages.run-heartbeat:PT10S}")
  public void beat() {
    Instant now = clock.instant();
    mongo.upsert(Query.query(Criteria.where("_id").is(thisRun)),
        new Update().setOnInsert("startedAt", now).set("seenAt", now), Run.class);
    mongo.remove(Query.query(Criteria.where("seenAt").lt(now.minus(Duration.ofDays(1)))), Run.class);
  }

  /** Whether the run stopped beating (or never did in this store). */
  public boolean isGone(String runId) {
    if (thisRun.equals(runId)) {
      return false;
    }
    Query heard = Query.query(Criteria.where("_id").is(runId).and("seenAt").gte(lastBeatOfALiveRun()));
    return !mongo.exists(heard, Run.class);
  }

  /**
   * The runs that stopped beating recently, the latest first. One silent for longer than a lease holds nothing that has
   * not run out by itself, so older ones are left out (after many restarts the list stays short).
   */
  public List<String> gone(int limit) {
    Instant stillHolding = clock.instant().minus(properties.retryLease()).minus(properties.runHeartbeat());
    Query silent = Query.query(Criteria.where("seenAt").gte(stillHolding).lt(lastBeatOfALiveRun()))
        .with(Sort.by(Sort.Direction.DESC, "seenAt")).limit(limit);
    return mongo.find(silent, Run.class).stream().map(Run::id).filter(id -> !id.equals(thisRun)).toList();
  }

  private Instant lastBeatOfALiveRun() {
    return clock.instant().minus(properties.runHeartbeat().multipliedBy(BEATS_MISSED));
  }
}
