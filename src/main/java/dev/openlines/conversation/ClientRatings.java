package dev.openlines.conversation;

import dev.openlines.workflow.outbox.ProcessCommandOutbox;
import dev.openlines.workflow.Workflow;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * A client's rating, from whichever messenger carried it (the live chat's rating form, a Telegram
 * button): stored by {@link RatingService} (the latest counts) and told to the process once, which ends
 * its rating wait where the channel closes on the rating.
 */
@Service
public class ClientRatings {

  private final RatingService ratings;
  private final ProcessCommandOutbox outbox;

  public ClientRatings(RatingService ratings, ProcessCommandOutbox outbox) {
    this.ratings = ratings;
    this.outbox = outbox;
  }

  /** @param comment the client's words with the rating; null when the messenger carries none */
  public RatingService.Result rate(String conversationId, ClientRating rating, String comment) {
    RatingService.Result result = ratings.rateByClient(conversationId, rating, comment);
    if (result != RatingService.Result.RECORDED) {
      return result;
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put(Workflow.Variable.CLIENT_RATING, rating.name());
    if (comment != null) {
      variables.put(Workflow.Variable.CLIENT_RATING_COMMENT, comment);
    }
    // Keyed by the conversation: the process hears of the first rating only, however often the client changes it.
    outbox.queueMessage("rating:" + conversationId, conversationId, Workflow.Message.CLIENT_RATED, variables);
    return result;
  }
}
