package dev.openlines.tasklist;

import static dev.openlines.security.Role.Names.OPERATOR;

import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.security.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.function.Consumer;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/operators/me")
@Tag(name = "Operator task list")
class PresenceController {

  private final OperatorService operators;

  PresenceController(OperatorService operators) {
    this.operators = operators;
  }

  record PresenceRequest(@NotNull(message = "must be ONLINE, AWAY or OFFLINE") Presence presence) {}

  /** What routing looks at: present = online, or clocked in and not away. */
  record PresenceView(String operatorId, Presence presence, boolean clockedIn, boolean present) {
    static PresenceView of(Operator operator) {
      return new PresenceView(operator.getId(), operator.getPresence(), operator.isClockedIn(), operator.isPresent());
    }
  }

  @GetMapping("/presence")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "My presence")
  PresenceView presence(@AuthenticationPrincipal ApiKeyPrincipal caller) {
    return PresenceView.of(operators.get(caller.requireOperatorId()));
  }

  @PutMapping("/presence")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Go online, away or offline", description = "Coming online offers waiting conversations at once.")
  PresenceView changePresence(@Valid @RequestBody PresenceRequest request, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    return change(caller, operatorId -> operators.changePresence(operatorId, request.presence()));
  }

  @PostMapping("/clock-in")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "Start my working day")
  PresenceView clockIn(@AuthenticationPrincipal ApiKeyPrincipal caller) {
    return change(caller, operators::clockIn);
  }

  @PostMapping("/clock-out")
  @RolesAllowed(OPERATOR)
  @Operation(summary = "End my working day")
  PresenceView clockOut(@AuthenticationPrincipal ApiKeyPrincipal caller) {
    return change(caller, operators::clockOut);
  }

  /** Applies a change to the calling operator and answers with their presence after it. */
  private PresenceView change(ApiKeyPrincipal caller, Consumer<String> change) {
    String operatorId = caller.requireOperatorId();
    change.accept(operatorId);
    return PresenceView.of(operators.get(operatorId));
  }
}
