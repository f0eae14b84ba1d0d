package dev.openlines.tasklist;

import static dev.openlines.security.Role.Names.OPERATOR;

import dev.openlines.api.ConflictException;
import dev.openlines.api.ForbiddenException;
import dev.openlines.api.NotFoundException;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.conversation.inbound.OperatorStartedConversations;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** An operator starts a conversation with a client known on a connector whose messenger lets a business write first. */
@RestController
@Tag(name = "Task list")
class ConversationStartController {

  /**
   * Messengers where a business may write first to a client it knows: a Telegram bot may write to a chat
   * that wrote to it, and an e-mail can always be sent. WhatsApp, Messenger, Instagram and Viber allow it
   * only inside a window after the client's message (or with approved templates), and the live chat only
   * while the visitor's page is open: none of that is modelled for starting, so they are refused.
   */
  static final Set<String> CAN_START = Set.of(ConnectorTypes.TELEGRAM, ConnectorTypes.EMAIL);

  private final ConnectorSettingsService connectors;
  private final ConversationAccess access;
  private final RoutingService routing;
  private final OperatorStartedConversations starts;

  ConversationStartController(ConnectorSettingsService connectors, ConversationAccess access, RoutingService routing,
      OperatorStartedConversations starts) {
    this.connectors = connectors;
    this.access = access;
    this.routing = routing;
    this.starts = starts;
  }

  @PostMapping("/api/conversations")
  @RolesAllowed(OPERATOR)
  @Operation(
      summary = "Start a conversation with a known client",
      description = "The client must have written on the connector before (clientId as their conversations show it: "
          + "the Telegram chat id, the e-mail address). 202: the conversation's start is stored and it is assigned to "
          + "you only; it shows IN_PROGRESS in your inbox and your text is sent once it is yours (after a restart too). 403 when you are not "
          + "in the queue of the connector's channel; 404 for an unknown connector or client; 409 when the connector's "
          + "messenger does not let a business write first (only telegram and email do), when you cannot take a "
          + "conversation now (offline or at your limit), when the client's conversation is still open, or while the client "
          + "is still asked to rate their last conversation.")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, String> start(@Valid @RequestBody StartConversationRequest request, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    String operatorId = caller.requireOperatorId();
    ConnectorSettings connector = connectors.find(request.connectorId())
        .orElseThrow(() -> new NotFoundException("No connector with id '" + request.connectorId() + "'"));
    if (!access.inQueue(operatorId, connector.channelId())) {
      throw new ForbiddenException("You are not an operator of channel " + connector.channelId()
          + " (connector " + connector.id() + "): only its queue's operators may start conversations on it");
    }
    if (!CAN_START.contains(connector.type())) {
      throw new ConflictException("A " + connector.type() + " connector cannot start a conversation: its messenger lets a "
          + "business write only in reply to the client (within its window, or to an open live-chat page); only "
          + "telegram and email connectors can");
    }
    if (!routing.canTake(operatorId, connector.channelId())) {
      throw new ConflictException("You cannot take a conversation of channel " + connector.channelId()
          + " now: go online or finish a conversation first");
    }
    String conversationId = starts.start(connector, request.clientId(), operatorId, request.text());
    return Map.of("conversationId", conversationId);
  }
}
