package dev.openlines.crm;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Links one conversation to the CRM: the contact it belongs to and the lead or deal made from it.
 * Keyed by the conversation id, so each conversation has one card.
 */
@Document(ConversationCard.COLLECTION)
public record ConversationCard(
    @Id String conversationId, String contactId, String leadId, String dealId, String connectorType, Instant linkedAt) {

  public static final String COLLECTION = "crm_conversation_cards";
}
