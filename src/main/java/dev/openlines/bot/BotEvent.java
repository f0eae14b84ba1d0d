package dev.openlines.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The JSON body OpenLines POSTs to a chat bot's webhook.
 *
 * @param event {@value #CONVERSATION_STARTED} (the conversation is now the bot's, with the client's first
 *     message) or {@value #CLIENT_MESSAGE} (the client wrote again)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotEvent(
    String event,
    String conversationId,
    String channelId,
    String connectorType,
    String clientId,
    ClientMessage message) {

  public static final String CONVERSATION_STARTED = "conversation.started";
  public static final String CLIENT_MESSAGE = "client.message";

  /** A message the client wrote; {@code text} may be null for a file without caption. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClientMessage(String id, String text, Instant receivedAt) {}
}
