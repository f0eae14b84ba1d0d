package dev.openlines.crm;

import org.springframework.stereotype.Service;

/** The CRM actions an operator has on a conversation: view the card, create the lead, save to CRM. */
@Service
public class ConversationCrmService {

  private final CrmPort crm;
  private final LeadService leads;
  private final ConversationLogService logs;

  public ConversationCrmService(CrmPort crm, LeadService leads, ConversationLogService logs) {
    this.crm = crm;
    this.leads = leads;
    this.logs = logs;
  }

  /** @throws NoContactException when the conversation was not linked to a contact */
  public CrmCardView card(String conversationId) {
    ConversationCard card = crm.findCard(conversationId).orElseThrow(() -> new NoContactException(conversationId));
    Contact contact = crm.findContact(card.contactId()).orElseThrow(() -> new NoContactException(conversationId));
    return new CrmCardView(
        contact,
        card.leadId() == null ? null : crm.findLead(card.leadId()).orElse(null),
        card.dealId() == null ? null : crm.findDeal(card.dealId()).orElse(null),
        crm.conversationsOf(contact.id()).stream().map(ConversationCard::conversationId).toList(),
        crm.logsOfContact(contact.id()).stream().map(CrmCardView.SavedLog::of).toList());
  }

  /**
   * The "create lead" button; pressing it again gives the same lead. The messages so far go with it at
   * once (the conversation's log, linked to the lead); closing the conversation saves the log again.
   */
  public Lead createLead(String conversationId, String operatorId) {
    Lead lead = leads.createManually(conversationId, operatorId);
    logs.save(conversationId, operatorId);
    return lead;
  }

  /** The "save to CRM" button: saves the messages so far; closing the conversation saves them again. */
  public ConversationLog saveToCrm(String conversationId, String operatorId) {
    return logs.save(conversationId, operatorId);
  }
}
