package dev.openlines.crmform;

import dev.openlines.api.IdempotencyKeys;
import dev.openlines.ratelimit.PublicRateLimiter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.RequestHeader;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The published side of CRM forms, open to anyone (no API key): the form's definition, a plain HTML page of it, and
 * the submission endpoint, rate limited per address.
 */
@RestController
@RequestMapping("/forms/{formId}")
@Tag(name = "CRM forms (public)", description = "What a website embeds: the form and its submission endpoint")
class PublicFormController {

  /** What a page needs to render the form; no operator ids. */
  record PublicForm(String id, String name, List<FormField> fields, String consentText) {}

  record Accepted(String submissionId) {}

  private final CrmFormService forms;
  private final FormSubmissionService submissions;
  private final PublicRateLimiter limits;

  PublicFormController(CrmFormService forms, FormSubmissionService submissions, PublicRateLimiter limits) {
    this.forms = forms;
    this.submissions = submissions;
    this.limits = limits;
  }

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "The form's fields and consent text")
  PublicForm form(@PathVariable String formId) {
    CrmForm form = forms.get(formId);
    return new PublicForm(form.id(), form.name(), form.fields(), form.consentText());
  }

  @GetMapping(produces = MediaType.TEXT_HTML_VALUE)
  @Operation(summary = "The form as a small HTML page that posts to the submission endpoint")
  String page(@PathVariable String formId) {
    return FormPage.render(forms.get(formId));
  }

  @PostMapping("/submissions")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Submit the form", description = "202: stored with its process start; a lead or deal follows. "
      + "With an Idempotency-Key header the same key on this form answers with the first submission's id and creates "
      + "nothing more (a page may send again after a lost answer). 400 names each value to fix (nothing stored); "
      + "409 when the key was used with other values; 429 when the address sent too many.")
  Accepted submit(
      @PathVariable String formId,
      @RequestBody SubmissionRequest request,
      @RequestHeader(name = IdempotencyKeys.HEADER, required = false)
          @Parameter(description = "Names this submission (1-200 characters, e.g. a UUID the page made once per form fill)")
          String idempotencyKey,
      HttpServletRequest http) {
    limits.formSubmission(formId, http.getRemoteAddr());
    return new Accepted(submissions.submit(formId, request, idempotencyKey).id());
  }

  /** Text for the HTML page, escaped. */
  static String escape(String text) {
    return HtmlUtils.htmlEscape(text == null ? "" : text);
  }
}
