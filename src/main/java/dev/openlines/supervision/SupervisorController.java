package dev.openlines.supervision;

import dev.openlines.api.Page;
import static dev.openlines.security.Role.Names.ADMIN;
import static dev.openlines.security.Role.Names.SUPERVISOR;

import dev.openlines.api.NotFoundException;
import dev.openlines.conversation.ConversationRepository;

import dev.openlines.api.Cursor;
import dev.openlines.conversation.ClientRating;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.security.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/supervisor")
@Tag(name = "Supervisor", description = "Conversation list with KPIs, statistics, ratings and process health")
class SupervisorController {

  private final SupervisionService supervision;
  private final ProcessHealthService health;
  private final dev.openlines.conversation.ConversationMessageStore messages;
  private final ConversationRepository conversations;

  SupervisorController(
      SupervisionService supervision, ProcessHealthService health, dev.openlines.conversation.ConversationMessageStore messages,
      ConversationRepository conversations) {
    this.messages = messages;
    this.conversations = conversations;
    this.supervision = supervision;
    this.health = health;
  }

  @GetMapping("/conversations")
  @RolesAllowed(SUPERVISOR)
  @Operation(
      summary = "Conversations, newest first, with KPI columns; paged",
      description = "Answers `limit` rows (1-500, default 100). The header `X-Total-Count` gives how many match the filter;"
          + " `Link: <...>; rel=\"next\"` the URL of the next page (absent on the last page).")
  ResponseEntity<List<ConversationRow>> conversations(
      HttpServletRequest request,
      @RequestParam(required = false) @Parameter(description = "from the next link of the previous page") String after,
      @RequestParam(defaultValue = "100") @Min(1) @Max(SupervisionService.MAX_PAGE) int limit,
      @RequestParam(required = false) String channelId,
      @RequestParam(required = false) ConversationStatus status,
      @RequestParam(required = false) String operatorId,
      @RequestParam(required = false) String connectorType,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Parameter(description = "created at or after (ISO-8601)") Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Parameter(description = "created before (ISO-8601)") Instant to,
      @RequestParam(required = false) ClientRating clientRating,
      @RequestParam(required = false) @Min(1) @Max(5) Integer supervisorRating,
      @RequestParam(required = false) @Parameter(description = "true: only with a late reply; false: only without") Boolean kpiBreached,
      @RequestParam(required = false) @jakarta.validation.constraints.Size(max = 200) @Parameter(description = "words in a message or the client's name, any case; needs from and to, at most 31 days apart") String q) {
    return supervision
        .conversations(
            new ConversationFilter(channelId, status, operatorId, connectorType, from, to, clientRating, supervisorRating, kpiBreached, q),
            Cursor.decode("after", after),
            limit)
        .toResponse(request, "after");
  }

  @GetMapping("/conversations/{id}/messages")
  @RolesAllowed({SUPERVISOR, ADMIN})
  @Operation(
      summary = "A conversation's saved message log, oldest first: the client's, operators' and chat bot's messages, the"
          + " automatic texts (author SYSTEM), silent notes (silent=true) and deleted messages (deletedAt set)." + Page.PAGED,
      description = "For supervisors and admins; an operator reads the conversations offered to or held by them with"
          + " GET /api/conversations/{id}/messages. 404 for an unknown conversation.")
  ResponseEntity<List<dev.openlines.conversation.ConversationMessage>> transcript(
      @PathVariable String id,
      HttpServletRequest request,
      @RequestParam(required = false) @Parameter(description = "from the next link of the previous page") String after,
      @RequestParam(defaultValue = "100") @Parameter(description = "items per page, 1-500") int limit) {
    if (!conversations.existsById(id)) {
      throw NotFoundException.of("Conversation", id);
    }
    return Page.slice(messages.history(id), dev.openlines.conversation.ConversationMessage::getId, after, limit)
        .toResponse(request, "after");
  }

  @GetMapping("/statistics")
  @RolesAllowed(SUPERVISOR)
  @Operation(summary = "Figures per operator and per channel for conversations created in [from, to)")
  OperatorStatistics statistics(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
    return supervision.statistics(from, to);
  }

  record RatingRequest(
      @NotNull @Min(value = 1, message = "must be between 1 and 5") @Max(value = 5, message = "must be between 1 and 5") Integer score,
      @Size(max = 1000) String comment) {}

  @PutMapping("/conversations/{id}/rating")
  @RolesAllowed(SUPERVISOR)
  @Operation(summary = "Grade the operator's work in a conversation, 1 (poor) to 5 (excellent)")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void rate(
      @PathVariable String id, @Valid @RequestBody RatingRequest request, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    supervision.rate(id, caller.userId(), request.score(), request.comment());
  }

  @GetMapping("/process-health")
  @RolesAllowed(SUPERVISOR)
  @Operation(
      summary = "Conversations whose process has an incident, failed to deliver, or is stuck",
      description = "Stuck: NEW or OFFERED longer than the channel's idle time plus openlines.supervision.stuck-margin, or a timer deadline passed by more than the margin.")
  ResponseEntity<List<HealthIssue>> processHealth(
      HttpServletRequest request,
      @RequestParam(required = false) @Parameter(description = "from the next link of the previous page") String after,
      @RequestParam(defaultValue = "100") @Parameter(description = "items per page, 1-500") int limit) {
    return Page.slice(health.issues(), issue -> issue.conversationId() + ":" + issue.kind(), after, limit)
        .toResponse(request, "after");
  }
}
