package dev.openlines.bot;

import dev.openlines.security.ApiKeyPrincipal;
import dev.openlines.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.openlines.conversation.DeliveryStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API a channel's chat bot calls back with (API key of role BOT), for conversations in the bot phase of the
 * open channels the key serves (403 for any other channel).
 */
@RestController
@RequestMapping("/api/bot/conversations/{conversationId}")
@Tag(name = "Chat bot", description = "For chat bot services: answer the client, hand off to operators, close")
class BotApiController {

  private final BotApiService bots;

  BotApiController(BotApiService bots) {
    this.bots = bots;
  }

  /**
   * @param messageId the bot's own id for the message, to retry safely (optional)
   */
  record BotMessageRequest(
      @NotBlank(message = "give the text to send to the client") @Size(max = 4096, message = "at most 4096 characters")
          String text,
      @Pattern(regexp = "[A-Za-z0-9._:-]{1,100}", message = "use 1-100 letters, digits and . _ : -") String messageId) {}

  /**
   * @param delivery DELIVERED, or RETRYING / PENDING when the messenger is unreachable for now: the
   *     message is stored and delivered by the background retry once it is back
   */
  record SentMessage(String messageId, DeliveryStatus delivery) {}

  /** @param note for the operator who takes over, never shown to the client (optional) */
  record HandOffRequest(@Size(max = 4096, message = "at most 4096 characters") String note) {}

  @PostMapping("/messages")
  @RolesAllowed(Role.Names.BOT)
  @Operation(
      summary = "Send the client a message as the bot",
      description = "Delivered through the conversation's messenger and stored as a BOT message; restarts the bot's "
          + "silence timeout. While the messenger is unreachable the message is queued (delivery RETRYING or "
          + "PENDING) and delivered in the background once it is back. 409 when the conversation is not in the bot "
          + "phase, 422 when the messenger refused it for good. 403 when the key does not serve the conversation's channel.")
  SentMessage send(
      @PathVariable String conversationId,
      @Valid @RequestBody BotMessageRequest request,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    bots.requireServed(caller, conversationId);
    return bots.send(conversationId, request.text(), request.messageId());
  }

  @PostMapping("/hand-off")
  @RolesAllowed(Role.Names.BOT)
  @Operation(
      summary = "Hand the conversation to the operators",
      description = "The process continues with working hours and routing; the note is stored for the operator. "
          + "409 when the conversation is not in the bot phase, 403 when the key does not serve its channel.")
  ResponseEntity<Void> handOff(
      @PathVariable String conversationId,
      @Valid @RequestBody(required = false) HandOffRequest request,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    bots.requireServed(caller, conversationId);
    bots.handOff(conversationId, request == null ? null : request.note());
    return ResponseEntity.accepted().build();
  }

  @PostMapping("/close")
  @RolesAllowed(Role.Names.BOT)
  @Operation(
      summary = "Close the conversation as resolved by the bot",
      description = "Recorded as CLOSED and saved to the CRM; no operator is involved. 409 when not in the bot phase, 403 when the key does not serve the conversation's channel.")
  ResponseEntity<Void> close(@PathVariable String conversationId, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    bots.requireServed(caller, conversationId);
    bots.close(conversationId);
    return ResponseEntity.accepted().build();
  }
}
