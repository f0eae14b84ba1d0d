package dev.openlines.connector.whatsapp;

import static dev.openlines.security.Role.Names.OPERATOR;

import dev.openlines.api.ConflictException;
import dev.openlines.api.NotFoundException;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.MessageAuthor;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets the operator who holds a WhatsApp conversation send an approved template: the only message
 * WhatsApp accepts once the client's last message is more than 24 hours old.
 */
@RestController
@Tag(name = "WhatsApp templates", description = "Approved message templates, allowed outside the 24-hour window")
class WhatsAppTemplateController {

  private final ConversationRepository conversations;
  private final RoutingService routing;
  private final ConversationMessageStore messages;
  private final WhatsAppMessenger messenger;
  private final Clock clock;

  WhatsAppTemplateController(ConversationRepository conversations, RoutingService routing, ConversationMessageStore messages,
      WhatsAppMessenger messenger, Clock clock) {
    this.conversations = conversations;
    this.routing = routing;
    this.messages = messages;
    this.messenger = messenger;
    this.clock = clock;
  }

  /**
   * @param name the template's name as approved in WhatsApp Manager
   * @param language its language code, e.g. {@code en_US}
   * @param bodyParameters values for the body's {{1}}, {{2}}, ...
   */
  record TemplateRequest(
      @NotBlank @Pattern(regexp = "[a-z0-9_]{1,512}", message = "must be the template's name: lower-case letters, digits and '_'") String name,
      @NotBlank @Pattern(regexp = "[a-z]{2,3}(_[A-Z]{2})?", message = "must be a language code such as en or en_US") String language,
      @Size(max = 20) List<@NotBlank String> bodyParameters) {}

  record TemplateSent(String id, String status) {}

  @PostMapping("/api/conversations/{conversationId}/whatsapp-template")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Send an approved WhatsApp template in a conversation you hold")
  ResponseEntity<?> send(@PathVariable String conversationId, @Valid @RequestBody TemplateRequest request,
      @AuthenticationPrincipal ApiKeyPrincipal caller) throws DeliveryException {
    String operatorId = caller.requireOperatorId();
    Conversation conversation = conversations.findById(conversationId)
        .filter(found -> ConnectorTypes.WHATSAPP.equals(found.getConnectorType()))
        .orElseThrow(() -> NotFoundException.of("WhatsApp conversation", conversationId));
    boolean holds = routing.state(conversationId).map(state -> operatorId.equals(state.getAssignedOperatorId())).orElse(false);
    if (!holds) {
      throw new ConflictException("Conversation " + conversationId + " is not yours: answer it first");
    }
    String messageId = conversationId + ":template:" + UUID.randomUUID();
    List<String> parameters = request.bodyParameters() == null ? List.of() : request.bodyParameters();
    String text = "[WhatsApp template " + request.name() + " (" + request.language() + ")" + (parameters.isEmpty() ? "" : ": " + String.join(", ", parameters)) + "]";
    messages.storeOutgoingOnce(ConversationMessage.outgoing(
        messageId, conversationId, MessageAuthor.OPERATOR, operatorId, text, false, List.of(), clock.instant()));
    try {
      messenger.sendTemplate(conversation.getConnectorId(), conversation.getClientId(), messageId, request.name(), request.language(), parameters);
    } catch (DeliveryException failure) {
      // A template is sent while the caller waits, not queued: the answer says whether to send it again,
      // so the stored copy records that this attempt did not reach the client.
      messages.markRefused(
          messageId, failure.permanent() ? failure.getMessage() : "Not sent, WhatsApp unavailable: " + failure.getMessage());
      // WhatsApp's reason (template not approved, rate limit, ...) is the admin's to act on; it names no secret.
      HttpStatus status = failure.permanent() ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.SERVICE_UNAVAILABLE;
      org.springframework.http.ProblemDetail problem = org.springframework.http.ProblemDetail.forStatusAndDetail(status, failure.getMessage());
      ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
      if (!failure.permanent() && !failure.retryAfter().isZero()) {
        answer.header(org.springframework.http.HttpHeaders.RETRY_AFTER, String.valueOf(failure.retryAfter().toSeconds()));
      }
      return answer.body(problem);
    }
    messages.markDelivered(messageId, clock.instant());
    return ResponseEntity.status(HttpStatus.CREATED).body(new TemplateSent(messageId, "DELIVERED"));
  }
}
