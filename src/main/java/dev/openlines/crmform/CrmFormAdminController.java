package dev.openlines.crmform;

import static dev.openlines.security.Role.Names.ADMIN;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/crm-forms")
@Tag(name = "CRM forms", description = "Web forms whose submissions become leads or deals, given to operators in turn")
class CrmFormAdminController {

  static final String FORM_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
  static final String FORM_ID_MESSAGE = "must be 1-100 letters, digits or . _ - starting with a letter or digit";

  private final CrmFormService forms;
  private final FormSubmissionService submissions;

  CrmFormAdminController(CrmFormService forms, FormSubmissionService submissions) {
    this.forms = forms;
    this.submissions = submissions;
  }

  @PutMapping("/{formId}")
  @RolesAllowed(ADMIN)
  @Operation(summary = "Create or replace a CRM form", description = "Published at once: GET /forms/{formId}, POST /forms/{formId}/submissions.")
  CrmForm save(
      @PathVariable @Pattern(regexp = FORM_ID, message = FORM_ID_MESSAGE) String formId, @RequestBody CrmFormRequest request) {
    return forms.save(formId, request);
  }

  @GetMapping
  @RolesAllowed(ADMIN)
  @Operation(summary = "All CRM forms")
  List<CrmForm> list() {
    return forms.list();
  }

  @GetMapping("/{formId}")
  @RolesAllowed(ADMIN)
  @Operation(summary = "One CRM form")
  CrmForm get(@PathVariable String formId) {
    return forms.get(formId);
  }

  @DeleteMapping("/{formId}")
  @RolesAllowed(ADMIN)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Unpublish and delete a CRM form", description = "Its submissions, leads and deals stay.")
  void delete(@PathVariable String formId) {
    forms.delete(formId);
  }

  @GetMapping("/{formId}/submissions")
  @RolesAllowed(ADMIN)
  @Operation(summary = "The form's latest submissions, newest first: who got each and the lead or deal made of it")
  List<FormSubmission> submissions(
      @PathVariable String formId,
      @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
    return submissions.of(formId, limit);
  }
}
