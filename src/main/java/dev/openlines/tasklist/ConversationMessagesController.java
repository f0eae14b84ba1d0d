package dev.openlines.tasklist;

import static dev.openlines.security.Role.Names.OPERATOR;
import static dev.openlines.security.Role.Names.SUPERVISOR;

import dev.openlines.api.IdempotencyKeys;
import dev.openlines.api.NotFoundException;
import dev.openlines.api.Page;
import dev.openlines.attachment.AttachmentDownloads;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.DeliveryStatus;
import dev.openlines.security.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The messages of a conversation as its operators read, write, correct and delete them, files included. */
@RestController
@Tag(name = "Operator task list", description = "An operator's offers and conversations, and what they do with them")
class ConversationMessagesController {

  private static final String IDEMPOTENCY_KEY = "Names this message (1-200 characters, e.g. a UUID the console made when the "
      + "operator pressed Send). Sent again after a lost answer, the same key answers with the message the first request "
      + "stored and sends nothing twice; 409 when it named a message with another text or file.";

  private final TaskListService taskList;
  private final OperatorMessageService operatorMessages;
  private final ConversationMessageStore messageStore;
  private final AttachmentDownloads downloads;

  ConversationMessagesController(
      TaskListService taskList, OperatorMessageService operatorMessages, ConversationMessageStore messageStore,
      AttachmentDownloads downloads) {
    this.taskList = taskList;
    this.operatorMessages = operatorMessages;
    this.messageStore = messageStore;
    this.downloads = downloads;
  }

  @GetMapping("/api/conversations/{id}/messages")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "The messages of a conversation offered to me or held by me, oldest first." + Page.PAGED)
  ResponseEntity<List<ConversationMessage>> messages(
      @PathVariable String id,
      @AuthenticationPrincipal ApiKeyPrincipal caller,
      HttpServletRequest request,
      @RequestParam(required = false) @Parameter(description = "from the next link of the previous page") String after,
      @RequestParam(defaultValue = "100") @Parameter(description = "items per page, 1-500") int limit) {
    return Page.slice(taskList.messages(id, caller.requireOperatorId()), ConversationMessage::getId, after, limit)
        .toResponse(request, "after");
  }

  @PostMapping("/api/conversations/{id}/messages")
  @RolesAllowed(OPERATOR)
  @Operation(
      summary = "Write to the client (or a silent note)",
      description = "Give text or the id of one of the channel's quick answers. A silent message is stored, never delivered. "
          + "201 when the client got it (delivery DELIVERED) or it was refused for good (REFUSED, with deliveryError); "
          + "202 when the messenger is unreachable for now: the message is stored as RETRYING (or PENDING behind an "
          + "earlier undelivered message) and delivered in the background once the messenger is back.")
  @ApiResponse(responseCode = "201", description = "Delivered, refused for good, or a silent note")
  @ApiResponse(responseCode = "202", description = "Stored; delivery retried in the background")
  ResponseEntity<ConversationMessage> send(
      @PathVariable String id,
      @Valid @RequestBody SendMessageRequest request,
      @RequestHeader(name = IdempotencyKeys.HEADER, required = false) @Parameter(description = IDEMPOTENCY_KEY) String idempotencyKey,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    ConversationMessage sent = operatorMessages.send(id, caller.requireOperatorId(), request, idempotencyKey);
    boolean onItsWay = sent.getDelivery() == DeliveryStatus.PENDING || sent.getDelivery() == DeliveryStatus.RETRYING;
    return ResponseEntity.status(onItsWay ? HttpStatus.ACCEPTED : HttpStatus.CREATED).body(sent);
  }

  // No "consumes": a request of another type must still meet the conversation access rule first (403 for a
  // stranger), then learns it must send multipart/form-data (400), instead of a 415 before any check.
  @PostMapping("/api/conversations/{id}/attachments")
  @RolesAllowed(OPERATOR)
  @Operation(
      summary = "Send the client a file or picture",
      description = "multipart/form-data with part 'file' and an optional 'text' (the caption). Live-chat and Telegram "
          + "conversations only (409 otherwise). Within the connector's limits: 413 over maxAttachmentBytes, 415 for a type "
          + "not in attachmentTypes (read from the content and name, not the browser's claim); nothing is stored then. "
          + "Answers like sending a text: 201 delivered, 202 queued while the messenger is unreachable.")
  @ApiResponse(responseCode = "201", description = "Delivered (or refused for good)")
  @ApiResponse(responseCode = "202", description = "Stored; delivery retried in the background")
  @ApiResponse(responseCode = "413", description = "Larger than the connector's maxAttachmentBytes")
  @ApiResponse(responseCode = "415", description = "A type the connector's attachmentTypes does not list")
  ResponseEntity<ConversationMessage> sendFile(
      @PathVariable String id,
      @RequestPart(name = "file", required = false) MultipartFile file,
      @RequestParam(name = "text", required = false) @Size(max = 4000) String text,
      @RequestHeader(name = IdempotencyKeys.HEADER, required = false) @Parameter(description = IDEMPOTENCY_KEY) String idempotencyKey,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    ConversationMessage sent = operatorMessages.sendFile(id, caller.requireOperatorId(), file, text, idempotencyKey);
    boolean onItsWay = sent.getDelivery() == DeliveryStatus.PENDING || sent.getDelivery() == DeliveryStatus.RETRYING;
    return ResponseEntity.status(onItsWay ? HttpStatus.ACCEPTED : HttpStatus.CREATED).body(sent);
  }

  @GetMapping("/api/conversations/{id}/messages/{messageId}/attachments/{index}")
  @RolesAllowed({OPERATOR, SUPERVISOR})
  @Operation(
      summary = "Download a file of a message",
      description = "For the operators of the conversation and supervisors. index counts the message's attachments from 0. "
          + "404 for a file OpenLines does not keep (over the size limit, or kept by the messenger it came from).")
  ResponseEntity<Resource> attachment(
      @PathVariable String id, @PathVariable String messageId, @PathVariable int index) {
    ConversationMessage message = messageStore.find(messageId)
        .filter(found -> id.equals(found.getConversationId()))
        .orElseThrow(() -> new NotFoundException("Conversation " + id + " has no message " + messageId));
    return downloads.download(message, index);
  }

  @PutMapping("/api/conversations/{id}/messages/{messageId}")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Correct one of my messages", description = "The stored text changes. Telegram (editMessageText) and "
      + "the live chat (event 'edited') change the client's copy too, through the outbound queue with its retries; other "
      + "messengers keep the client's copy as it was.")
  ConversationMessage edit(
      @PathVariable String id,
      @PathVariable String messageId,
      @Valid @RequestBody EditMessageRequest request,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    return taskList.editMessage(id, messageId, caller.requireOperatorId(), request.text());
  }

  @DeleteMapping("/api/conversations/{id}/messages/{messageId}")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Delete one of my messages", description = "Supervisors still see it, marked deleted. Telegram "
      + "(deleteMessage) and the live chat (event 'deleted') remove the client's copy too; other messengers keep it.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(
      @PathVariable String id, @PathVariable String messageId, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    taskList.deleteMessage(id, messageId, caller.requireOperatorId());
  }
}
