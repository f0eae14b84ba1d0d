package dev.openlines.ratelimit;

import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * How many conversations of a connector wait unanswered (new, with the bot, queued, offered), and whether
 * one more may open. The count is read from the store at most once per {@link #RECOUNT} per connector, not
 * per message (the embedded store scans for it); conversations admitted since are added locally, so a burst
 * inside one second cannot overshoot the cap. Per instance of the service: with several instances each
 * admits up to the cap.
 */
@Component
class WaitingConversationCap {

  static final Duration RECOUNT = Duration.ofSeconds(1);
  private static final List<ConversationStatus> UNANSWERED =
      List.of(ConversationStatus.NEW, ConversationStatus.WITH_BOT, ConversationStatus.WAITING, ConversationStatus.OFFERED);

  private record Count(long waiting, Instant countedAt) {}

  private final MongoTemplate mongo;
  private final Clock clock;
  private final Map<String, Count> counts = new ConcurrentHashMap<>();

  WaitingConversationCap(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  void admit(String connectorId, int cap) {
    Instant now = clock.instant();
    boolean[] admitted = {false};
    counts.compute(connectorId, (id, known) -> {
      Count current = known == null || known.countedAt().plus(RECOUNT).isBefore(now) ? new Count(count(id), now) : known;
      if (current.waiting() >= cap) {
        return current;
      }
      admitted[0] = true;
      return new Count(current.waiting() + 1, current.countedAt());
    });
    if (!admitted[0]) {
      throw new TooManyRequestsException(
          "All operators of this chat are busy: " + cap + " conversations are already waiting. Try again in a minute",
          Duration.ofSeconds(30));
    }
  }

  private long count(String connectorId) {
    return mongo.count(
        Query.query(Criteria.where("connectorId").is(connectorId).and("status").in(UNANSWERED)), Conversation.class);
  }
}
