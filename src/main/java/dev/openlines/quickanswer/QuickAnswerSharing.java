package dev.openlines.quickanswer;

import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A channel's quick-answer list attached to other channels: their operators find and send its answers as
 * their own channel's. The list stays the owner's (only there are its answers added, changed, deleted).
 *
 * @param channelId the channel that owns the list
 * @param sharedWith the other channels that use it
 */
@Document("quick_answer_sharing")
public record QuickAnswerSharing(@Id String channelId, Set<String> sharedWith) {

  public QuickAnswerSharing {
    sharedWith = sharedWith == null ? Set.of() : Set.copyOf(sharedWith);
  }
}
