package dev.openlines.tasklist;

import jakarta.servlet.http.HttpServletRequest;
import dev.openlines.api.Page;
import dev.openlines.api.DeprecatedPaths;
import static dev.openlines.security.Role.Names.OPERATOR;

import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.DeliveryStatus;
import dev.openlines.security.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.RequestParam;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Operator task list", description = "An operator's offers and conversations, and what they do with them")
class TaskListController {

  private static final String REQUEST_ID_HELP =
      "Optional id of this request: repeating a request with the same id (a retry) acts once";

  private final TaskListService taskList;
  private final OperatorMessageService operatorMessages;
  private final InterceptService intercepts;
  private final HistoryService history;
  private final dev.openlines.conversation.ConversationMessageStore messageStore;
  private final dev.openlines.attachment.AttachmentDownloads downloads;

  TaskListController(
      TaskListService taskList, OperatorMessageService operatorMessages, InterceptService intercepts, HistoryService history,
      dev.openlines.conversation.ConversationMessageStore messageStore, dev.openlines.attachment.AttachmentDownloads downloads) {
    this.messageStore = messageStore;
    this.downloads = downloads;
    this.taskList = taskList;
    this.operatorMessages = operatorMessages;
    this.intercepts = intercepts;
    this.history = history;
  }

  @PostMapping("/api/conversations/{id}/intercept")
  @RolesAllowed(OPERATOR)
  @QueueColleagues
  @Operation(
      summary = "Take over a colleague's conversation",
      description = "Allowed to operators of the queue the conversation was routed through. 409 when nobody holds it yet or I already do.")
  @ResponseStatus(HttpStatus.ACCEPTED)
  void intercept(
      @PathVariable String id,
      @RequestHeader(name = "Idempotency-Key", required = false) @Parameter(description = REQUEST_ID_HELP) String requestId,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    intercepts.intercept(id, caller.requireOperatorId(), requestIdOr(requestId));
  }

  @GetMapping("/api/conversations/{id}/history")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "The client's conversations (this one included), newest first, by creation date range and words." + Page.PAGED)
  ResponseEntity<List<HistoryService.HistoryHit>> history(
      HttpServletRequest request,
      @RequestParam(required = false) @Parameter(description = "from the next link of the previous page") String after,
      @RequestParam(defaultValue = "100") @Parameter(description = "items per page, 1-500") int limit,
      @PathVariable String id,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(required = false) @Size(max = 200) @Parameter(description = "words that must all occur in the conversation's messages, any case") String q,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    return Page.slice(history.search(id, caller.requireOperatorId(), from, to, q), HistoryService.HistoryHit::conversationId, after, limit)
        .toResponse(request, "after");
  }

  @GetMapping({DeprecatedPaths.INBOX, DeprecatedPaths.OLD_INBOX})
  @RolesAllowed(OPERATOR)
  @Operation(summary = "My open offers (with time left before they go to the next operator) and my conversations, newest activity first")
  Inbox inbox(@AuthenticationPrincipal ApiKeyPrincipal caller) {
    return taskList.inbox(caller.requireOperatorId());
  }

  @PostMapping("/api/conversations/{id}/answer")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Take a conversation offered to me", description = "409 when it went to someone else or the offer expired.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void answer(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    taskList.answer(id, caller.requireOperatorId());
  }

  @PostMapping("/api/conversations/{id}/skip")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Pass on an offer", description = "The next operator is offered it at once (STRICT, EVENLY). 409 when the offer is no longer open.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void skip(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    taskList.skip(id, caller.requireOperatorId());
  }

  @PostMapping("/api/conversations/{id}/close")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Close a conversation I hold", description = "The process closes it (rating request, CRM log); accepted, not yet done, on return.")
  @ResponseStatus(HttpStatus.ACCEPTED)
  void close(
      @PathVariable String id,
      @RequestHeader(name = "Idempotency-Key", required = false) @Parameter(description = REQUEST_ID_HELP) String requestId,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    taskList.close(id, caller.requireOperatorId(), requestIdOr(requestId));
  }

  @PostMapping("/api/conversations/{id}/spam")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Close a conversation I hold, or one offered to me, as spam and flag its client",
      description = "An offered new chat need not be answered first: its offers are withdrawn.")
  @ResponseStatus(HttpStatus.ACCEPTED)
  void spam(
      @PathVariable String id,
      @RequestHeader(name = "Idempotency-Key", required = false) @Parameter(description = REQUEST_ID_HELP) String requestId,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    taskList.markSpam(id, caller.requireOperatorId(), requestIdOr(requestId));
  }

  @PostMapping("/api/conversations/{id}/transfer")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Hand a conversation I hold, or one offered to me, to a colleague or another open channel",
      description = "An offered new chat need not be answered first: its offers are withdrawn and it is routed to the target.")
  @ResponseStatus(HttpStatus.ACCEPTED)
  void transfer(
      @PathVariable String id,
      @Valid @RequestBody TransferRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) @Parameter(description = REQUEST_ID_HELP) String requestId,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    taskList.transfer(id, caller.requireOperatorId(), request, requestIdOr(requestId));
  }

  record JoinRequest(@NotBlank @Size(max = 100) String operatorId) {}

  @PostMapping("/api/conversations/{id}/join")
  @RolesAllowed(OPERATOR)
  @Operation(
      summary = "Invite a colleague into a conversation I hold",
      description = "They read and write in it and see it in their inbox; I keep it. 409 when they are already in.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void join(
      @PathVariable String id, @Valid @RequestBody JoinRequest request, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    taskList.invite(id, caller.requireOperatorId(), request.operatorId());
  }

  @PostMapping("/api/conversations/{id}/pin")
  @RolesAllowed(OPERATOR)
  @Operation(
      summary = "Pin a conversation I hold to the top of my inbox",
      description = "Locked as mine: while pinned, the channel's conversation timeout does not close it.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void pin(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    taskList.pin(id, caller.requireOperatorId(), true);
  }

  @PostMapping("/api/conversations/{id}/unpin")
  @RolesAllowed(OPERATOR)
  @Operation(
      summary = "Unpin a conversation",
      description = "If my last message is still unanswered, the conversation timeout starts again from now.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void unpin(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    taskList.pin(id, caller.requireOperatorId(), false);
  }

  @PostMapping("/api/conversations/{id}/unread")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Mark a conversation unread for me", description = "Cleared when I read its messages.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void markUnread(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    taskList.markUnread(id, caller.requireOperatorId());
  }

  record RenameRequest(@NotBlank @Size(max = 200) String title) {}

  @PostMapping("/api/conversations/{id}/rename")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Give a conversation I hold, or one offered to me, a title")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void rename(
      @PathVariable String id, @Valid @RequestBody RenameRequest request, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    taskList.rename(id, caller.requireOperatorId(), request.title());
  }

  @PostMapping("/api/conversations/{id}/typing")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "I am typing a reply", description = "The client's live chat shows that the operator types. Send at most every few seconds.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void typing(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    taskList.typing(id, caller.requireOperatorId());
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
      @PathVariable String id, @Valid @RequestBody SendMessageRequest request, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    ConversationMessage sent = operatorMessages.send(id, caller.requireOperatorId(), request);
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
      @RequestPart(name = "file", required = false) org.springframework.web.multipart.MultipartFile file,
      @RequestParam(name = "text", required = false) @Size(max = 4000) String text,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    ConversationMessage sent = operatorMessages.sendFile(id, caller.requireOperatorId(), file, text);
    boolean onItsWay = sent.getDelivery() == DeliveryStatus.PENDING || sent.getDelivery() == DeliveryStatus.RETRYING;
    return ResponseEntity.status(onItsWay ? HttpStatus.ACCEPTED : HttpStatus.CREATED).body(sent);
  }

  @GetMapping("/api/conversations/{id}/messages/{messageId}/attachments/{index}")
  @RolesAllowed({OPERATOR, dev.openlines.security.Role.Names.SUPERVISOR})
  @Operation(
      summary = "Download a file of a message",
      description = "For the operators of the conversation and supervisors. index counts the message's attachments from 0. "
          + "404 for a file OpenLines does not keep (over the size limit, or kept by the messenger it came from).")
  ResponseEntity<org.springframework.core.io.Resource> attachment(
      @PathVariable String id, @PathVariable String messageId, @PathVariable int index) {
    ConversationMessage message = messageStore.find(messageId)
        .filter(found -> id.equals(found.getConversationId()))
        .orElseThrow(() -> new dev.openlines.api.NotFoundException("Conversation " + id + " has no message " + messageId));
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

  private static String requestIdOr(String requestId) {
    return requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId;
  }
}
