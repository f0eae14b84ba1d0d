package dev.openlines.crm;

/**
 * Who wrote, as the chat tracker found out.
 *
 * @param recognised the contact existed before this conversation
 * @param responsibleOperatorId the operator responsible for the contact, or null
 * @param hasContactDetails the contact has a phone number or an e-mail address
 */
public record IdentifiedContact(
    String contactId, boolean recognised, String responsibleOperatorId, boolean hasContactDetails) {}
