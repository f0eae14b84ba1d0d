package dev.openlines.kpi;

import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.RequestParam;
import jakarta.servlet.http.HttpServletRequest;
import dev.openlines.api.Page;
import dev.openlines.security.Role;
import jakarta.annotation.security.RolesAllowed;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in supervisor's notification inbox (late replies). The caller's user id (of the API
 * key) is the id the channel's KPI settings list as recipient.
 */
@RestController
@RequestMapping("/api/supervisor/notifications")
@RolesAllowed(Role.Names.SUPERVISOR)
public class SupervisorNotificationController {

  private final SupervisorNotificationStore notifications;
  private final Clock clock;

  public SupervisorNotificationController(SupervisorNotificationStore notifications, Clock clock) {
    this.notifications = notifications;
    this.clock = clock;
  }

  /** Newest first, paged. */
  @GetMapping
  public ResponseEntity<List<SupervisorNotification>> inbox(
      Principal supervisor,
      HttpServletRequest request,
      @RequestParam(required = false) @Parameter(description = "from the next link of the previous page") String after,
      @RequestParam(defaultValue = "100") @Parameter(description = "items per page, 1-500") int limit) {
    return Page.slice(notifications.inbox(supervisor.getName()), SupervisorNotification::id, after, limit)
        .toResponse(request, "after");
  }

  @PostMapping("/{notificationId}/read")
  public ResponseEntity<?> markRead(@PathVariable String notificationId, Principal supervisor) {
    if (notifications.markRead(notificationId, supervisor.getName(), clock.instant())) {
      return ResponseEntity.noContent().build();
    }
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.NOT_FOUND, "No unread notification " + notificationId + " in your inbox; list it with GET /api/supervisor/notifications");
    problem.setTitle("Notification not found");
    return ResponseEntity.of(problem).build();
  }
}
