package dev.openlines.crm;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import dev.openlines.security.ApiKeyPrincipal;
import dev.openlines.security.Role;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CRM card beside a conversation in the operator's workspace. Like every conversation operation, only
 * for the operators who hold, were offered or were invited into the conversation, and supervisors
 * ({@code tasklist.ConversationAccessGate}).
 */
@RestController
@RequestMapping("/api/conversations/{conversationId}/crm")
@RolesAllowed({Role.Names.OPERATOR, Role.Names.SUPERVISOR})
public class ConversationCrmController {

  private final ConversationCrmService crm;

  public ConversationCrmController(ConversationCrmService crm) {
    this.crm = crm;
  }

  /** The linked contact, the lead or deal made from this conversation, and the contact's saved conversations. */
  @GetMapping
  public CrmCardView card(@PathVariable String conversationId) {
    return crm.card(conversationId);
  }

  /**
   * Creates the conversation's lead, responsible the person an automatic lead would get (the client's
   * responsible person, or with the chat tracker off the conversation's operator), else the caller.
   */
  @PostMapping("/lead")
  public Lead createLead(@PathVariable String conversationId, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    return crm.createLead(conversationId, caller.requireOperatorId());
  }

  /** Saves the conversation's messages so far to the contact card, and to its lead or deal. */
  @PostMapping("/log")
  public CrmCardView.SavedLog saveToCrm(@PathVariable String conversationId, @AuthenticationPrincipal ApiKeyPrincipal caller) {
    return CrmCardView.SavedLog.of(crm.saveToCrm(conversationId, caller.operator().orElse(caller.userId())));
  }

  @ExceptionHandler(NoContactException.class)
  ProblemDetail noContact(NoContactException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    problem.setTitle("No CRM contact for this conversation");
    return problem;
  }
}
