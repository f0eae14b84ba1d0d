package dev.openlines.crm;

import dev.openlines.channel.CrmSettings;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Who is responsible for a client in the CRM. The operator who first answers a client becomes
 * responsible and stays so; a manual transfer hands responsibility over only where the channel says so
 * (a gateway of the conversation model reads that setting).
 */
@Service
public class ResponsiblePersonService {

  private final CrmPort crm;

  public ResponsiblePersonService(CrmPort crm) {
    this.crm = crm;
  }

  /** The operator responsible for the client of this conversation, if the client has one. */
  public Optional<String> responsibleFor(String conversationId) {
    return crm.findCard(conversationId)
        .flatMap(card -> crm.findContact(card.contactId()))
        .map(Contact::responsibleOperatorId);
  }

  /** For routing: the operator to offer the conversation to first, when the channel routes to the responsible person. */
  public Optional<String> routeTo(String conversationId, CrmSettings settings) {
    return settings.routeToResponsible() ? responsibleFor(conversationId) : Optional.empty();
  }

  /**
   * Called when an operator answers the conversation: they become responsible for the client, the
   * lead and the deal unless someone already is.
   *
   * @return the operator responsible for the client now; empty when the conversation has no contact
   */
  public Optional<String> firstAnswered(String conversationId, String operatorId) {
    return crm.findCard(conversationId)
        .flatMap(
            card -> {
              crm.assignResponsible(card, operatorId, true);
              return crm.findContact(card.contactId()).map(Contact::responsibleOperatorId);
            });
  }

  /**
   * Called after a manual transfer to another operator where the channel hands responsibility over
   * (the model's gateway on "change responsible on transfer" decides that).
   *
   * @return true when the receiving operator is now responsible for the client
   */
  public boolean transferred(String conversationId, String toOperatorId) {
    return crm.findCard(conversationId).map(card -> crm.assignResponsible(card, toOperatorId, false)).orElse(false);
  }
}
