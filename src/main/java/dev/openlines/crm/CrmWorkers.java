package dev.openlines.crm;

import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.exception.BpmnError;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Service tasks of the CRM (chat tracker, lead creation, log on close); each delegates to a service. */
@Component
public class CrmWorkers {

  private final ChatTracker chatTracker;
  private final LeadService leads;
  private final ConversationLogService logs;
  private final CrmJobFailures failures;
  private final ResponsiblePersonService responsiblePersons;

  public CrmWorkers(
      ChatTracker chatTracker,
      LeadService leads,
      ConversationLogService logs,
      CrmJobFailures failures,
      ResponsiblePersonService responsiblePersons) {
    this.responsiblePersons = responsiblePersons;
    this.chatTracker = chatTracker;
    this.leads = leads;
    this.logs = logs;
    this.failures = failures;
  }

  @JobWorker(type = Workflow.Job.CRM_IDENTIFY)
  public Map<String, Object> identify(
      @Variable String conversationId,
      @Variable String connectorType,
      @Variable String clientId,
      @Variable String clientName,
      @Variable String clientPhone,
      @Variable String clientEmail) {
    IdentifiedContact contact;
    try {
      contact =
          failures.retryOnStoreFailure(
              () -> chatTracker.identify(conversationId, connectorType, clientId, clientName, clientPhone, clientEmail));
    } catch (IllegalArgumentException e) {
      throw new BpmnError(Workflow.Error.CRM_CLIENT_UNIDENTIFIABLE, e.getMessage());
    }
    Map<String, Object> result = new HashMap<>();
    result.put(Workflow.Variable.CONTACT_ID, contact.contactId());
    result.put(Workflow.Variable.CLIENT_RECOGNISED, contact.recognised());
    result.put(Workflow.Variable.RESPONSIBLE_OPERATOR_ID, contact.responsibleOperatorId());
    result.put(Workflow.Variable.HAS_CONTACT_DETAILS, contact.hasContactDetails());
    return result;
  }

  @JobWorker(type = Workflow.Job.CRM_CREATE_LEAD)
  public Map<String, Object> createLead(
      @Variable String conversationId,
      @Variable LeadAction leadAction,
      @Variable(name = Workflow.Variable.RESPONSIBLE_OPERATOR_ID) String responsibleOperatorId) {
    if (leadAction != LeadAction.CREATE_LEAD && leadAction != LeadAction.CREATE_DEAL) {
      throw CrmJobFailures.incident(
          "The task 'create lead' runs only for leadAction CREATE_LEAD or CREATE_DEAL, not " + leadAction);
    }
    LeadService.Created created;
    try {
      created = failures.retryOnStoreFailure(() -> leads.create(conversationId, leadAction, responsibleOperatorId));
    } catch (NoContactException e) {
      throw new BpmnError(Workflow.Error.CRM_NO_CONTACT, e.getMessage());
    }
    return created.leadId() != null
        ? Map.of(Workflow.Variable.LEAD_ID, created.leadId())
        : Map.of(Workflow.Variable.DEAL_ID, created.dealId());
  }

  /**
   * "Make the operator responsible for the client if nobody is": the answering operator becomes the
   * responsible person of the contact, lead and deal where none is set. Idempotent (a conditional
   * update); a conversation whose client was never identified has nobody to be responsible for.
   */
  @JobWorker(type = Workflow.Job.CRM_ASSIGN_RESPONSIBLE)
  public void assignResponsible(@Variable String conversationId, @Variable String operatorId) {
    failures.retryOnStoreFailure(() -> responsiblePersons.firstAnswered(conversationId, operatorId));
  }

  /**
   * "Make the new operator responsible for the client": reached only where the model's gateway says the
   * channel hands responsibility over on a transfer to an operator. Idempotent (sets the same operator again).
   */
  @JobWorker(type = Workflow.Job.CRM_TRANSFER_RESPONSIBLE)
  public void transferResponsible(
      @Variable String conversationId, @Variable(name = Workflow.Variable.TRANSFER_TO_OPERATOR_ID) String toOperatorId) {
    if (toOperatorId == null || toOperatorId.isBlank()) {
      throw CrmJobFailures.incident("The task 'make the new operator responsible' needs transferToOperatorId (a transfer to an operator)");
    }
    failures.retryOnStoreFailure(() -> responsiblePersons.transferred(conversationId, toOperatorId));
  }

  @JobWorker(type = Workflow.Job.CRM_SAVE_LOG)
  public void saveLog(@Variable String conversationId, @Variable String operatorId) {
    try {
      failures.retryOnStoreFailure(() -> logs.save(conversationId, operatorId));
    } catch (NoContactException e) {
      throw new BpmnError(Workflow.Error.CRM_NO_CONTACT, e.getMessage());
    }
  }
}
