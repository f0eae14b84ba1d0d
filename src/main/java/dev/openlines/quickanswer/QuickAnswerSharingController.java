package dev.openlines.quickanswer;

import static dev.openlines.security.Role.Names.CHANNEL_MANAGER;

import static dev.openlines.security.Role.Names.ADMIN;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/channels/{channelId}/quick-answer-sharing")
@Tag(name = "Quick answers", description = "Prepared replies per open channel")
class QuickAnswerSharingController {

  record SharingRequest(@NotNull(message = "list the channels, [] to share with none") @Size(max = 100) Set<@NotBlank String> sharedWith) {}

  private final QuickAnswerService quickAnswers;

  QuickAnswerSharingController(QuickAnswerService quickAnswers) {
    this.quickAnswers = quickAnswers;
  }

  @GetMapping
  @RolesAllowed({ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "The other channels that use this channel's quick answers")
  QuickAnswerSharing get(@PathVariable String channelId) {
    return quickAnswers.sharing(channelId);
  }

  @PutMapping
  @RolesAllowed({ADMIN, CHANNEL_MANAGER})
  @Operation(
      summary = "Attach this channel's quick-answer list to other channels",
      description = "Their operators find and send its answers as their own; the answers stay this channel's (added,"
          + " changed and deleted here). Replaces the previous set; 404 naming a channel that does not exist.")
  QuickAnswerSharing put(@PathVariable String channelId, @Valid @RequestBody SharingRequest request) {
    return quickAnswers.share(channelId, request.sharedWith());
  }
}
