package dev.openlines.conversation;

import dev.openlines.workflow.ProcessMessages;
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
  private final ProcessMessages processMessages;

  public ClientRatings(RatingService ratings, ProcessMessages processMessages) {
    this.ratings = ratings;
    this.processMessages = processMessages;
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
    processMessages.send(Workflow.Message.CLIENT_RATED, conversationId, conversationId, variables);
    return result;
  }
}
