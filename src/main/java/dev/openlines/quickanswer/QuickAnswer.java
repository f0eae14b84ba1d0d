package dev.openlines.quickanswer;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A prepared reply operators insert into a conversation, kept per open channel.
 *
 * @param channelId the open channel's id; a plain string so that this feature does not depend on channels
 * @param titleKey the title normalised for the unique index (trimmed, lower case): titles are unique per channel
 * @param source who wrote it: an administrator, or an operator who saved one of their messages
 */
@Document("quick_answers")
public record QuickAnswer(
    @Id String id,
    String channelId,
    String title,
    String titleKey,
    String text,
    Source source,
    String createdBy,
    Instant createdAt,
    String updatedBy,
    Instant updatedAt) {

  public enum Source {
    ADMIN,
    OPERATOR_MESSAGE
  }

  static String keyOf(String title) {
    return title.strip().toLowerCase(java.util.Locale.ROOT);
  }
}
