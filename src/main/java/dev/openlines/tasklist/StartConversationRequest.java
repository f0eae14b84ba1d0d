package dev.openlines.tasklist;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Start a conversation with a client known on a connector: {@code clientId} is the client's id on that
 * connector as the conversations show it (the Telegram chat id, the e-mail address), {@code text} the
 * first message to them.
 */
public record StartConversationRequest(
    @NotBlank(message = "must name the connector the client wrote on") @Size(max = 100) String connectorId,
    @NotBlank(message = "must name the client's id on the connector") @Size(max = 320) String clientId,
    @NotBlank(message = "must give the first text to the client") @Size(max = 4096) String text) {}
