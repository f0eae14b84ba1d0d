package dev.openlines.crmform;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.openlines.crm.ChatTracker;
import dev.openlines.crm.ConversationCard;
import dev.openlines.crm.CrmPort;
import dev.openlines.crm.IdentifiedContact;
import dev.openlines.crm.LeadAction;
import dev.openlines.crm.NoContactException;
import java.time.Clock;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * The CRM side of a form submission, through the same {@link CrmPort} as conversations: the chat tracker finds the
 * client by e-mail or phone (across every channel), and the lead or deal hangs on a card of its own (keyed
 * {@code crm-form:<submission>}), so a repeated job finds the one it created.
 */
@Service
public class FormCrmService {

  private final ChatTracker chatTracker;
  private final CrmPort crm;
  private final CrmFormService forms;
  private final MongoTemplate mongo;
  private final Clock clock;

  public FormCrmService(ChatTracker chatTracker, CrmPort crm, CrmFormService forms, MongoTemplate mongo, Clock clock) {
    this.chatTracker = chatTracker;
    this.crm = crm;
    this.forms = forms;
    this.mongo = mongo;
    this.clock = clock;
  }

  static String cardId(String submissionId) {
    return "crm-form:" + submissionId;
  }

  /** Finds (or creates) the submitting client's contact; the identity on the form connector is the submission itself. */
  public IdentifiedContact identify(String submissionId, String name, String phone, String email) {
    IdentifiedContact contact = chatTracker.identify(cardId(submissionId), FormSubmissionService.CONNECTOR_TYPE, submissionId, name, phone, email);
    mongo.updateFirst(query(where("_id").is(submissionId)), new Update().set("contactId", contact.contactId()), FormSubmission.class);
    return contact;
  }

  /**
   * Creates the submission's lead or deal with the chosen responsible person, who also becomes the client's
   * responsible person where the client has none yet.
   *
   * @return the id of the lead or deal
   */
  public String create(String submissionId, String formId, LeadAction action, String responsibleOperatorId) {
    ConversationCard card = crm.findCard(cardId(submissionId)).orElseThrow(() -> new NoContactException(cardId(submissionId)));
    CrmForm form = forms.get(formId);
    String source = "CRM form: " + form.name();
    String client = crm.findContact(card.contactId()).map(c -> c.name()).orElse(null);
    String title = form.name() + (client == null ? "" : ": " + client);
    String field;
    String id;
    switch (action) {
      case CREATE_LEAD -> {
        id = crm.createLead(card, "Lead from " + title, source, responsibleOperatorId).id();
        field = "leadId";
      }
      case CREATE_DEAL -> {
        id = crm.createDeal(card, "Deal from " + title, source, responsibleOperatorId).id();
        field = "dealId";
      }
      default -> throw new IllegalArgumentException("A form submission creates a lead or a deal, not " + action);
    }
    crm.assignResponsible(crm.findCard(card.conversationId()).orElse(card), responsibleOperatorId, true);
    mongo.updateFirst(query(where("_id").is(submissionId)),
        new Update().set(field, id).set("handledAt", clock.instant()), FormSubmission.class);
    return id;
  }
}
