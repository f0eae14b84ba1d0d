package dev.openlines.crm;

import org.springframework.stereotype.Service;

/** Creates the lead or deal of a conversation, at most one of each per conversation. */
@Service
public class LeadService {

  /** What was created (or found created before): exactly one of the two ids is set. */
  public record Created(String leadId, String dealId) {}

  private final CrmPort crm;
  private final LeadSources sources;
  private final ManualLeadResponsible manualResponsible;

  LeadService(CrmPort crm, LeadSources sources, ManualLeadResponsible manualResponsible) {
    this.crm = crm;
    this.sources = sources;
    this.manualResponsible = manualResponsible;
  }

  /**
   * Carries out the lead-creation decision.
   *
   * @param responsibleOperatorId the client's responsible person as the process recognised them: null for a
   *     new client and, with the channel's chat tracker off, for every client; the operator who answers
   *     then becomes responsible for the lead ({@link ResponsiblePersonService#firstAnswered})
   * @throws NoContactException when the conversation was not linked to a contact
   * @throws IllegalArgumentException for an action that creates nothing
   */
  public Created create(String conversationId, LeadAction action, String responsibleOperatorId) {
    ConversationCard card = card(conversationId);
    return switch (action) {
      case CREATE_LEAD -> new Created(crm.createLead(card, title("Lead", card), source(card), responsibleOperatorId).id(), null);
      case CREATE_DEAL -> new Created(null, crm.createDeal(card, title("Deal", card), source(card), responsibleOperatorId).id());
      case OFFER_MANUAL, NOTHING ->
          throw new IllegalArgumentException("The lead-creation action " + action + " creates nothing in the CRM");
    };
  }

  /**
   * The operator's "create lead" button: the same lead as an automatic one would be, so pressing it
   * twice, or after the process created one, gives the one lead of the conversation. Its responsible person
   * is the one an automatic lead would get ({@link ManualLeadResponsible}).
   */
  public Lead createManually(String conversationId, String operatorId) {
    ConversationCard card = card(conversationId);
    return crm.createLead(card, title("Lead", card), source(card), manualResponsible.of(card, operatorId));
  }

  /** The channel's lead source, else the connector the client came through. */
  private String source(ConversationCard card) {
    return sources.of(card.conversationId()).orElse(card.connectorType());
  }

  private ConversationCard card(String conversationId) {
    return crm.findCard(conversationId).orElseThrow(() -> new NoContactException(conversationId));
  }

  private String title(String kind, ConversationCard card) {
    String client = crm.findContact(card.contactId()).map(Contact::name).orElse(null);
    return kind + " from " + card.connectorType() + (client == null ? "" : ": " + client);
  }
}
