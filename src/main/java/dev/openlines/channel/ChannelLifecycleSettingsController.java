package dev.openlines.channel;

import dev.openlines.api.DeprecatedPaths;
import dev.openlines.api.FieldPaths;
import dev.openlines.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for an open channel's working hours, automatic messages, response-time limits and conversation timeout. */
@RestController
@RequestMapping({DeprecatedPaths.LIFECYCLE_SETTINGS, DeprecatedPaths.OLD_LIFECYCLE_SETTINGS})
public class ChannelLifecycleSettingsController {

  private final ChannelLifecycleSettingsService settings;

  public ChannelLifecycleSettingsController(ChannelLifecycleSettingsService settings) {
    this.settings = settings;
  }

  /** The body of GET and PUT: each part may be left out to switch it off. */
  public record LifecycleSettingsBody(
      @Valid WorkingHours workingHours,
      @Valid AutomaticActions automaticActions,
      @Valid KpiSettings kpi,
      @Valid ConversationTimeout conversationTimeout) {

    public LifecycleSettingsBody(WorkingHours workingHours, AutomaticActions automaticActions, KpiSettings kpi) {
      this(workingHours, automaticActions, kpi, null);
    }
  }

  @GetMapping
  @RolesAllowed({Role.Names.ADMIN, Role.Names.SUPERVISOR, Role.Names.CHANNEL_MANAGER})
  @Operation(summary = "The channel's lifecycle settings in force",
      description = "A channel never configured answers every part null (switched off); 404 for an unknown channel.")
  public LifecycleSettingsBody get(@PathVariable String channelId) {
    ChannelLifecycleSettings inForce = settings.inForce(channelId);
    return new LifecycleSettingsBody(
        inForce.workingHours(), inForce.automaticActions(), inForce.kpi(), inForce.conversationTimeout());
  }

  @PutMapping
  @RolesAllowed({Role.Names.ADMIN, Role.Names.CHANNEL_MANAGER})
  public LifecycleSettingsBody put(@PathVariable String channelId, @Valid @RequestBody LifecycleSettingsBody body) {
    settings.replace(new ChannelLifecycleSettings(
        channelId, body.workingHours(), body.automaticActions(), body.kpi(), body.conversationTimeout()));
    return body;
  }

  /** Lists every invalid field with what to fix; nothing was saved. */
  @ExceptionHandler(MethodArgumentNotValidException.class)
  ProblemDetail invalidSettings(MethodArgumentNotValidException invalid) {
    List<String> problems =
        invalid.getBindingResult().getAllErrors().stream()
            .map(ChannelLifecycleSettingsController::describe)
            .sorted()
            .toList();
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The settings were not saved: " + String.join("; ", problems));
    problem.setTitle("Invalid channel settings");
    problem.setProperty("errors", problems);
    return problem;
  }

  private static String describe(ObjectError error) {
    return FieldPaths.of(error) + ": " + error.getDefaultMessage();
  }
}
