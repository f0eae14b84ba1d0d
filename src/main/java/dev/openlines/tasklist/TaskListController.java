package dev.openlines.tasklist;

import jakarta.servlet.http.HttpServletRequest;
import dev.openlines.api.IdempotencyKeys;
import dev.openlines.api.Page;
import dev.openlines.api.DeprecatedPaths;
import static dev.openlines.security.Role.Names.OPERATOR;

import dev.openlines.security.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Operator task list", description = "An operator's offers and conversations, and what they do with them")
class TaskListController {

  private static final String REQUEST_ID_HELP =
      "Optional id of this request: repeating a request with the same id (a retry) acts once";

  private final TaskListService taskList;
  private final InboxService inbox;
  private final InterceptService intercepts;
  private final HistoryService history;

  TaskListController(TaskListService taskList, InboxService inbox, InterceptService intercepts, HistoryService history) {
    this.taskList = taskList;
    this.inbox = inbox;
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
      @RequestHeader(name = IdempotencyKeys.HEADER, required = false) @Parameter(description = REQUEST_ID_HELP) String requestId,
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
    return inbox.inbox(caller.requireOperatorId());
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
  @Operation(summary = "Close a conversation I hold", description = "Accepted, not yet done, on return: the close is stored and my slot is free at once; the process then closes the conversation (rating request, CRM log), also if the engine was briefly away. "
      + "With seenMessageId, 409 when the client wrote after that message: show it, then close again.")
  @ResponseStatus(HttpStatus.ACCEPTED)
  void close(
      @PathVariable String id,
      @RequestBody(required = false) @Valid CloseRequest request,
      @RequestHeader(name = IdempotencyKeys.HEADER, required = false) @Parameter(description = REQUEST_ID_HELP) String requestId,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    String seenMessageId = request == null ? null : request.seenMessageId();
    taskList.close(id, caller.requireOperatorId(), seenMessageId, requestIdOr(requestId));
  }

  @PostMapping("/api/conversations/{id}/spam")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Close a conversation I hold, or one offered to me, as spam and flag its client",
      description = "An offered new chat need not be answered first: its offers are withdrawn.")
  @ResponseStatus(HttpStatus.ACCEPTED)
  void spam(
      @PathVariable String id,
      @RequestHeader(name = IdempotencyKeys.HEADER, required = false) @Parameter(description = REQUEST_ID_HELP) String requestId,
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
      @RequestHeader(name = IdempotencyKeys.HEADER, required = false) @Parameter(description = REQUEST_ID_HELP) String requestId,
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

  private static String requestIdOr(String requestId) {
    return requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId;
  }
}
