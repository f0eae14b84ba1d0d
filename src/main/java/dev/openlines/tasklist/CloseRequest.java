package dev.openlines.tasklist;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

/**
 * Close what I saw: with {@code seenMessageId} the close is refused (409) when the client wrote after that
 * message, so a message that arrives as the operator clicks Close is read, not closed away unseen.
 */
public record CloseRequest(
    @Size(max = 100)
    @Schema(description = "The newest message of the conversation shown to the operator (any author). Leave it out to close whatever the client wrote.")
    String seenMessageId) {}
