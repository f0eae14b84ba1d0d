package dev.openlines.conversation;

import org.springframework.context.ApplicationEventPublisher;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import org.springframework.validation.annotation.Validated;

/** Client and supervisor ratings of a conversation; invalid input is rejected before anything is stored. */
@Service
@Validated
public class RatingService {

  private final MongoTemplate mongo;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  public RatingService(MongoTemplate mongo, Clock clock, ApplicationEventPublisher events) {
    this.events = events;
    this.mongo = mongo;
    this.clock = clock;
  }

  /** What became of a rating. */
  public enum Result {
    RECORDED,
    NO_SUCH_CONVERSATION,
    /** Spam conversations are not rated. */
    SPAM
  }

  /** The client may change their mind; the latest rating counts. */
  public Result rateByClient(@NotBlank String conversationId, @NotNull ClientRating rating) {
    return rateByClient(conversationId, rating, null);
  }

  /** @param comment the client's words with the rating (live chat's rating form), replaced by a later rating */
  public Result rateByClient(@NotBlank String conversationId, @NotNull ClientRating rating, @Size(max = 2000) String comment) {
    Update update = new Update().set("clientRating", rating).set("clientRatedAt", clock.instant());
    Result result = rate(conversationId, comment == null || comment.isBlank() ? update.unset("clientRatingComment") : update.set("clientRatingComment", comment.strip()));
    if (result == Result.RECORDED) {
      events.publishEvent(new ConversationEvent.Rated(conversationId, rating.name(), comment));
    }
    return result;
  }

  public Result rateBySupervisor(
      @NotBlank String conversationId,
      @NotBlank String supervisorId,
      @Min(value = 1, message = "score must be between 1 and 5") @Max(value = 5, message = "score must be between 1 and 5") int score,
      @Size(max = 1000) String comment) {
    return rate(conversationId, new Update().set("supervisorRating", new SupervisorRating(score, supervisorId, comment, clock.instant())));
  }

  private Result rate(String conversationId, Update update) {
    var result =
        mongo.updateFirst(
            Query.query(Criteria.where("_id").is(conversationId).and("status").ne(ConversationStatus.SPAM)),
            update,
            Conversation.class);
    if (result.getMatchedCount() == 1) {
      return Result.RECORDED;
    }
    return mongo.exists(Query.query(Criteria.where("_id").is(conversationId)), Conversation.class)
        ? Result.SPAM
        : Result.NO_SUCH_CONVERSATION;
  }
}
