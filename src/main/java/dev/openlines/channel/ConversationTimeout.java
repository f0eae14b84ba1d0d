package dev.openlines.channel;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The conversation closes itself when the client does not reply to the operator in time. The clock
 * starts with an operator's (non-silent) message the client has not answered, stops when the client
 * writes and starts again with the operator's next message; it does not run while the conversation is
 * pinned. Leave the whole setting out to switch the timeout off.
 *
 * @param after how long the client may stay silent, 1 minute to 30 days
 * @param closingText sent to the client just before the conversation closes itself; empty = no text
 */
public record ConversationTimeout(
    @NotNull(message = "set the time the client may stay silent, from PT1M to P30D, or leave the timeout out to switch it off")
        @DurationMin(minutes = 1, message = "the conversation timeout is at least 1 minute")
        @DurationMax(days = 30, message = "the conversation timeout is at most 30 days")
        Duration after,
    @Size(max = AutomaticActions.MAX_TEXT, message = "the auto-close text is at most " + AutomaticActions.MAX_TEXT + " characters")
        String closingText) {

  /** The auto-close text to send; empty when none. */
  public String textToSend() {
    return closingText == null ? "" : closingText.strip();
  }
}
