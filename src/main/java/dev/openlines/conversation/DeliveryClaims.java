package dev.openlines.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
 * runs out and delivered then ({@link AbandonedDeliveries}). Messages of the process's own steps need none: the engine
 * gives a job whose worker died to another one.
 */
@Repository
public class DeliveryClaims {

  /** This run of this instance: a claim of its own that no call of it works on is one whose call died here. */
  private final String thisRun = UUID.randomUUID().toString();
  private final MongoTemplate mongo;

  public DeliveryClaims(MongoTemplate mongo) {
    this.mongo = mongo;
    mongo.indexOps(Claim.class).createIndex(new Index().on("until", Sort.Direction.ASC).named("until"));
  }

  /** @param until when the claim runs out if its holder never gives it back */
  @Document("deliveryClaims")
  public record Claim(@Id String messageId, String conversationId, String run, Instant until) {}

  /**
   * Claims the message for the calling request: when nobody has it, when its claim ran out, or when it was this run's
   * and (as the caller knows) no call of this run works on it any more.
   */
  public boolean take(String messageId, String conversationId, Instant now, Instant until) {
    try {
      mongo.insert(new Claim(messageId, conversationId, thisRun, until));
      return true;
    } catch (DuplicateKeyException held) {
      Query abandoned = Query.query(Criteria.where("_id").is(messageId)
          .orOperator(Criteria.where("until").lt(now), Criteria.where("run").is(thisRun)));
      return mongo.updateFirst(abandoned, new Update().set("run", thisRun).set("until", until), Claim.class)
          .getModifiedCount() == 1;
    }
  }

  /** Takes over a claim that ran out as it was seen: of concurrent takers exactly one wins. */
  public boolean takeOver(Claim seen, Instant until) {
    Query unchanged = Query.query(Criteria.where("_id").is(seen.messageId()).and("until").is(seen.until()));
    return mongo.updateFirst(unchanged, new Update().set("run", thisRun).set("until", until), Claim.class)
        .getModifiedCount() == 1;
  }

  public void release(String messageId) {
    mongo.remove(Query.query(Criteria.where("_id").is(messageId)), Claim.class);
  }

  /** Claims that ran out, the oldest first. */
  public List<Claim> runOut(Instant now, int limit) {
    return mongo.find(Query.query(Criteria.where("until").lt(now)).with(Sort.by("until")).limit(limit), Claim.class);
  }
}
