package dev.openlines.crm;

import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import dev.openlines.security.Role;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The CRM card beside a conversation in the operator's workspace. */
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

  /** Creates the conversation's lead with the calling operator responsible (if the client has nobody yet). */
  @PostMapping("/lead")
  public Lead createLead(@PathVariable String conversationId, Principal operator) {
    return crm.createLead(conversationId, operator.getName());
  }

  /** Saves the conversation's messages so far to the contact card, and to its lead or deal. */
  @PostMapping("/log")
  public CrmCardView.SavedLog saveToCrm(@PathVariable String conversationId, Principal operator) {
    return CrmCardView.SavedLog.of(crm.saveToCrm(conversationId, operator.getName()));
  }

  @ExceptionHandler(NoContactException.class)
  ProblemDetail noContact(NoContactException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    problem.setTitle("No CRM contact for this conversation");
    return problem;
  }
}
