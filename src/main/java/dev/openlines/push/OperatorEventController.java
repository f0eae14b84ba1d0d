package dev.openlines.push;

import dev.openlines.api.DeprecatedPaths;
import dev.openlines.api.ApiException;
import dev.openlines.security.ApiKeyPrincipal;
import dev.openlines.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The operators' and supervisors' event stream: first a ticket with the API key in the Authorization
 * header, then {@code new EventSource("/api/operator/events?ticket=...")}. The key never appears in a URL.
 */
@RestController
@Tag(name = "Operator event stream", description = "Offers, messages, typing, transfers, closes, ratings and KPI alerts as they happen")
class OperatorEventController {

  static final String KIND = "operator";
  private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

  private final StreamTickets tickets;
  private final SseHub hub;
  private final OperatorEventLog log;

  OperatorEventController(StreamTickets tickets, SseHub hub, OperatorEventLog log) {
    this.tickets = tickets;
    this.hub = hub;
    this.log = log;
  }

  @PostMapping({DeprecatedPaths.STREAM_TICKETS, DeprecatedPaths.OLD_STREAM_TICKETS})
  @RolesAllowed({Role.Names.OPERATOR, Role.Names.SUPERVISOR})
  @Operation(
      summary = "A one-time ticket that opens my event stream",
      description = "Valid once, for 30 seconds: open GET /api/operators/me/events?ticket=... with it right away.")
  StreamTickets.Ticket ticket(@AuthenticationPrincipal ApiKeyPrincipal caller) {
    List<String> recipients = new ArrayList<>();
    caller.operator().filter(id -> caller.hasRole(Role.OPERATOR)).ifPresent(id -> recipients.add(OperatorEventRelay.operatorSubject(id)));
    if (caller.hasRole(Role.SUPERVISOR) || caller.hasRole(Role.ADMIN)) {
      recipients.add(OperatorEventRelay.SUPERVISORS);
    }
    return tickets.issue(new StreamTickets.Holder(KIND, "key:" + caller.keyId(), Set.copyOf(recipients)));
  }

  @GetMapping(path = {DeprecatedPaths.EVENTS, DeprecatedPaths.OLD_EVENTS}, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(
      summary = "My events as server-sent events",
      description = "Events: offer, offer-withdrawn, assigned, message, typing, transfer, closed, rating, kpi-alert (supervisors), "
          + "reset (reload the inbox: events were missed). Each has an id; reconnecting with Last-Event-ID resumes after it. "
          + "429 when this key has too many streams open.")
  SseEmitter events(
      @RequestParam(required = false) @Parameter(description = "from POST /api/operators/me/stream-tickets") String ticket,
      @RequestParam(name = "token", required = false) @Parameter(hidden = true) String token,
      @RequestParam(name = "access_token", required = false) @Parameter(hidden = true) String accessToken,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      @RequestParam(name = "lastEventId", required = false) @Parameter(description = "instead of the Last-Event-ID header") String lastEventIdParam) {
    if (token != null || accessToken != null) {
      throw new StreamTicketProblem(HttpStatus.BAD_REQUEST,
          "Never put an API key in a URL (access logs keep it): get a ticket from POST /api/operator/stream-tickets and pass ?ticket=");
    }
    StreamTickets.Holder holder = tickets.redeem(ticket, KIND).orElseThrow(() -> new StreamTicketProblem(HttpStatus.UNAUTHORIZED,
        "Unknown, used or expired ticket: get a new one from POST /api/operator/stream-tickets (each opens one stream within 30 s)"));
    List<String> recipients = List.copyOf(holder.recipients());
    SseEmitter emitter = hub.open(holder.subject(), recipients, STREAM_LIFETIME.toMillis());
    hub.send(emitter, SseEmitter.event().name("ready").data("{}", MediaType.APPLICATION_JSON));
    String resumeAfter = lastEventId != null ? lastEventId : lastEventIdParam;
    if (resumeAfter != null) {
      replay(emitter, recipients, resumeAfter);
    }
    return emitter;
  }

  private void replay(SseEmitter emitter, List<String> recipients, String lastEventId) {
    List<OperatorEventLog.Entry> missed = new ArrayList<>();
    boolean reset = false;
    for (String recipient : recipients) {
      OperatorEventLog.Replay replay = log.after(recipient, lastEventId);
      reset |= replay.reset();
      missed.addAll(replay.entries());
    }
    if (reset) {
      hub.send(emitter, SseEmitter.event().name("reset").data("{}", MediaType.APPLICATION_JSON));
      return;
    }
    missed.stream()
        .sorted(java.util.Comparator.comparingLong(OperatorEventLog.Entry::sequence))
        .distinct()
        .forEach(entry -> hub.send(emitter, OperatorEventRelay.toSse(entry)));
  }

  /** 400 for a key in the URL, 401 for a bad ticket. */
  static class StreamTicketProblem extends ApiException {
    StreamTicketProblem(HttpStatus status, String detail) {
      super(status, detail);
    }
  }
}
