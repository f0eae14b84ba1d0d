package dev.openlines.conversation;

import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Operators' messages a request is delivering right now, one document per message, taken before the message is
 * stored and given back once the messenger answered. Two things need it in the store rather than in memory: a repeat
 * of the request (same Idempotency-Key) on another instance leaves the delivery to the request that has it, and a
 * message whose request died with its process (stored, never delivered, maybe never repeated) is found when the claim
 * runs out, or as soon as its run stops beating ({@link ServiceRuns}), and delivered then ({@link AbandonedDeliveries}).
 * A repeat after a restart takes the killed run's claim at once, for the same reason. Messages of the process's own
 * steps need none: the engine gives a job whose worker died to another one.
 */
@Repository
public class DeliveryClaims {

  private final MongoTemplate mongo;
  private final ServiceRuns runs;

  public DeliveryClaims(MongoTemplate mongo, ServiceRuns runs) {
    this.mongo = mongo;
    this.runs = runs;
    mongo.indexOps(Claim.class).createIndex(new Index().on("until", Sort.Direction.ASC).named("until"));
    mongo.indexOps(Claim.class).createIndex(new Index().on("run", Sort.Direction.ASC).named("run"));
  }

  /** @param until when the claim runs out if its holder never gives it back */
  @Document("deliveryClaims")
  public record Claim(@Id String messageId, String conversationId, String run, Instant until) {}

  /**
   * Claims the message for the calling request: when nobody has it, when its claim ran out or its run is gone (killed),
   * or when it was this run's and (as the caller knows) no call of this run works on it any more.
   */
  public boolean take(String messageId, String conversationId, Instant now, Instant until) {
    try {
      mongo.insert(new Claim(messageId, conversationId, runs.thisRun(), until));
      return true;
    } catch (DuplicateKeyException held) {
      Claim claim = mongo.findById(messageId, Claim.class);
      if (claim == null) {
        return take(messageId, conversationId, now, until); // given back meanwhile
      }
      boolean abandoned = claim.until().isBefore(now) || claim.run().equals(runs.thisRun()) || runs.isGone(claim.run());
      return abandoned && takeOver(claim, until);
    }
  }

  /** Takes over a claim as it was seen: of concurrent takers exactly one wins. */
  public boolean takeOver(Claim seen, Instant until) {
    Query unchanged = Query.query(Criteria.where("_id").is(seen.messageId()).and("run").is(seen.run()).and("until").is(seen.until()));
    return mongo.updateFirst(unchanged, new Update().set("run", runs.thisRun()).set("until", until), Claim.class)
        .getModifiedCount() == 1;
  }

  public void release(String messageId) {
    mongo.remove(Query.query(Criteria.where("_id").is(messageId)), Claim.class);
  }

  /** Claims that ran out or whose run is gone, the oldest first. */
  public List<Claim> abandoned(Instant now, int limit) {
    List<String> goneRuns = runs.gone(limit);
    Criteria abandoned = goneRuns.isEmpty()
        ? Criteria.where("until").lt(now)
        : new Criteria().orOperator(Criteria.where("until").lt(now), Criteria.where("run").in(goneRuns));
    return mongo.find(Query.query(abandoned).with(Sort.by("until")).limit(limit), Claim.class);
  }
}
