package dev.openlines.workflow.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A command for the workflow engine waiting in the outbox until the engine accepts it. The id is
 * derived from what caused it ({@code start:<conversation>}, {@code message:<received message>}),
 * so queuing the same command twice stores it once.
 *
 * @param messageName for {@link Kind#PUBLISH_MESSAGE}
 * @param variables process variables (start) or message variables (publish)
 * @param nextAttemptAt the relay leaves the command alone until then
 * @param deliveredAt null while the engine has not accepted it (the conversation's process records
 *     its own instance key on the conversation)
 */
@Document("process_outbox")
public record ProcessCommand(
    @Id String id,
    Kind kind,
    String conversationId,
    String messageName,
    Duration timeToLive,
    Map<String, Object> variables,
    Instant createdAt,
    int attempts,
    Instant nextAttemptAt,
    Instant deliveredAt,
    String lastError) {

  public enum Kind {
    /** Create the conversation's {@code conversation} process instance with its start variables. */
    START_CONVERSATION,
    /** Publish a message correlated by the conversation id, with the command id as message id. */
    PUBLISH_MESSAGE
  }

  static String startId(String conversationId) {
    return "start:" + conversationId;
  }
}
