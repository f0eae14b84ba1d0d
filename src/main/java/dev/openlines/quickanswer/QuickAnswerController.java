package dev.openlines.quickanswer;

import static dev.openlines.security.Role.Names.CHANNEL_MANAGER;

import jakarta.servlet.http.HttpServletRequest;
import dev.openlines.api.Page;
import static dev.openlines.security.Role.Names.ADMIN;
import static dev.openlines.security.Role.Names.OPERATOR;

import dev.openlines.security.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/channels/{channelId}/quick-answers")
@Tag(name = "Quick answers", description = "Prepared replies per open channel")
class QuickAnswerController {

  private static final String CHANNEL_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
  private static final String CHANNEL_ID_MESSAGE =
      "must be an open channel id: 1-100 letters, digits or . _ - starting with a letter or digit";

  private final QuickAnswerService quickAnswers;

  QuickAnswerController(QuickAnswerService quickAnswers) {
    this.quickAnswers = quickAnswers;
  }

  @GetMapping
  @RolesAllowed({OPERATOR, ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "List or search a channel's quick answers, by title." + Page.PAGED)
  ResponseEntity<List<QuickAnswerView>> search(
      HttpServletRequest request,
      @RequestParam(required = false) @Parameter(description = "from the next link of the previous page") String after,
      @RequestParam(defaultValue = "100") @Parameter(description = "items per page, 1-500") int limit,
      @PathVariable @Pattern(regexp = CHANNEL_ID, message = CHANNEL_ID_MESSAGE) String channelId,
      @RequestParam(required = false)
          @Size(max = 200)
          @Parameter(description = "Words that must all occur in the title or the text, in any case")
          String q) {
    return Page.slice(quickAnswers.search(channelId, q), QuickAnswerView::id, after, limit).toResponse(request, "after");
  }

  @GetMapping("/{id}")
  @RolesAllowed({OPERATOR, ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "One quick answer")
  QuickAnswerView get(@PathVariable String channelId, @PathVariable String id) {
    return quickAnswers.get(channelId, id);
  }

  @PostMapping
  @RolesAllowed({ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "Add a quick answer", description = "Titles are unique per channel, ignoring case (409).")
  ResponseEntity<QuickAnswerView> create(
      @PathVariable @Pattern(regexp = CHANNEL_ID, message = CHANNEL_ID_MESSAGE) String channelId,
      @Valid @RequestBody QuickAnswerRequest request,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    return created(quickAnswers.create(channelId, request, caller.userId()));
  }

  @PostMapping("/saved-messages")
  @RolesAllowed(OPERATOR)
  @Operation(
      summary = "Save a message as a quick answer",
      description = "Without a title the first words of the text become the title. Titles are unique per channel (409).")
  ResponseEntity<QuickAnswerView> saveMessage(
      @PathVariable @Pattern(regexp = CHANNEL_ID, message = CHANNEL_ID_MESSAGE) String channelId,
      @Valid @RequestBody SavedMessageRequest request,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    return created(quickAnswers.saveMessage(channelId, request, caller.userId()));
  }

  @PutMapping("/{id}")
  @RolesAllowed({ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "Change a quick answer's title and text")
  QuickAnswerView update(
      @PathVariable String channelId,
      @PathVariable String id,
      @Valid @RequestBody QuickAnswerRequest request,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    return quickAnswers.update(channelId, id, request, caller.userId());
  }

  @DeleteMapping("/{id}")
  @RolesAllowed({ADMIN, CHANNEL_MANAGER})
  @Operation(summary = "Delete a quick answer")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable String channelId, @PathVariable String id) {
    quickAnswers.delete(channelId, id);
  }

  private static ResponseEntity<QuickAnswerView> created(QuickAnswerView answer) {
    return ResponseEntity.created(
            URI.create("/api/channels/" + answer.channelId() + "/quick-answers/" + answer.id()))
        .body(answer);
  }
}
