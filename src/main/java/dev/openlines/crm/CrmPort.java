package dev.openlines.crm;

import java.util.List;
import java.util.Optional;

/**
 * Everything OpenLines asks of a CRM. {@link MongoCrm} is the built-in one; an external CRM plugs in
 * by implementing this interface as a bean. Every write is idempotent, because job workers run at
 * least once.
 */
public interface CrmPort {

  /**
   * Chat tracker: finds the contact by connector identity, phone or e-mail (in that order of
   * strength), creates one if none matches, adds the details it did not have yet, and links the
   * conversation to it. Calling it again for the same conversation gives the same answer.
   */
  IdentifiedContact identify(String conversationId, ClientDetails client);

  Optional<Contact> findContact(String contactId);

  /** The contact, lead and deal the conversation is linked to; empty before {@link #identify}. */
  Optional<ConversationCard> findCard(String conversationId);

  /** Every conversation linked to the contact, oldest first. */
  List<ConversationCard> conversationsOf(String contactId);

  /** Creates the conversation's lead, or returns the one created for it before. */
  Lead createLead(ConversationCard card, String title, String source, String responsibleOperatorId);

  /** Creates the conversation's deal, or returns the one created for it before. */
  Deal createDeal(ConversationCard card, String title, String source, String responsibleOperatorId);

  Optional<Lead> findLead(String leadId);

  Optional<Deal> findDeal(String dealId);

  Company createCompany(String name, String responsibleOperatorId);

  /** Makes the contact an employee of the company. @return false when there is no such contact */
  boolean linkToCompany(String contactId, String companyId);

  Optional<Company> findCompany(String companyId);

  /**
   * Makes the operator responsible for the conversation's contact and for its lead and deal.
   *
   * @param keepExisting only where nobody is responsible yet
   * @return true when the contact's responsible person is now this operator
   */
  boolean assignResponsible(ConversationCard card, String operatorId, boolean keepExisting);

  /** Saves the log on the card, replacing an earlier save of the same conversation. */
  void saveLog(ConversationLog log);

  Optional<ConversationLog> findLog(String conversationId);

  /** All the contact's saved conversation logs, oldest first. */
  List<ConversationLog> logsOfContact(String contactId);
}
