package dev.openlines.crmform;

import dev.openlines.crm.IdentifiedContact;
import dev.openlines.crm.LeadAction;
import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Service tasks of {@code bpmn/crm-form-submission.bpmn}; each delegates to a service and is safe to run twice. */
@Component
public class CrmFormWorkers {

  private final FormCrmService crm;
  private final FormAssignments assignments;

  public CrmFormWorkers(FormCrmService crm, FormAssignments assignments) {
    this.crm = crm;
    this.assignments = assignments;
  }

  @JobWorker(type = Workflow.Job.CRM_FORM_IDENTIFY)
  public Map<String, Object> identify(
      @Variable String submissionId, @Variable String clientName, @Variable String clientPhone, @Variable String clientEmail) {
    IdentifiedContact contact = crm.identify(submissionId, clientName, clientPhone, clientEmail);
    Map<String, Object> result = new HashMap<>();
    result.put(Workflow.Variable.CONTACT_ID, contact.contactId());
    result.put(Workflow.Variable.CLIENT_RECOGNISED, contact.recognised());
    result.put(Workflow.Variable.RESPONSIBLE_OPERATOR_ID, contact.responsibleOperatorId());
    result.put(Workflow.Variable.RESPONSIBLE_AT_WORK,
        contact.responsibleOperatorId() != null && assignments.atWork(contact.responsibleOperatorId()));
    return result;
  }

  /** Null {@code assigneeOperatorId} when nobody on the list is at work: the model's gateway falls back then. */
  @JobWorker(type = Workflow.Job.CRM_FORM_NEXT_AVAILABLE)
  public Map<String, Object> nextAvailable(@Variable String submissionId, @Variable String formId) {
    Map<String, Object> result = new HashMap<>();
    result.put(Workflow.Variable.ASSIGNEE_OPERATOR_ID, assignments.nextAtWork(submissionId, formId).orElse(null));
    return result;
  }

  @JobWorker(type = Workflow.Job.CRM_FORM_NEXT_IN_TURN)
  public Map<String, Object> nextInTurn(@Variable String submissionId, @Variable String formId) {
    return Map.of(Workflow.Variable.ASSIGNEE_OPERATOR_ID, assignments.nextInTurn(submissionId, formId));
  }

  /** A known client's submission goes to their responsible person. */
  @JobWorker(type = Workflow.Job.CRM_FORM_CLIENT_RESPONSIBLE)
  public Map<String, Object> clientResponsible(@Variable String submissionId, @Variable String responsibleOperatorId) {
    return Map.of(Workflow.Variable.ASSIGNEE_OPERATOR_ID, assignments.clientResponsible(submissionId, responsibleOperatorId));
  }

  /** Creates the lead or deal the decision chose, with the person one of the three paths before chose. */
  @JobWorker(type = Workflow.Job.CRM_FORM_CREATE)
  public Map<String, Object> create(
      @Variable String submissionId,
      @Variable String formId,
      @Variable LeadAction leadAction,
      @Variable String assigneeOperatorId) {
    String id = crm.create(submissionId, formId, leadAction, assigneeOperatorId);
    return Map.of(leadAction == LeadAction.CREATE_DEAL ? Workflow.Variable.DEAL_ID : Workflow.Variable.LEAD_ID, id);
  }
}
