package dev.openlines.crm;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A person the company talks to, however many channels they use. The details that recognise them
 * are also claimed in {@link ContactKey}, which is what makes them unique.
 *
 * @param createdByConversationId the conversation in which the client was first seen: a client is
 *     "recognised" in every later conversation, and a redelivered identify job of the first one still
 *     answers "new client"
 */
@Document(Contact.COLLECTION)
public record Contact(
    @Id String id,
    String name,
    List<String> phones,
    List<String> emails,
    List<ConnectorIdentity> identities,
    String companyId,
    String responsibleOperatorId,
    String createdByConversationId,
    Instant createdAt) {

  public static final String COLLECTION = "crm_contacts";

  public Contact {
    phones = phones == null ? List.of() : List.copyOf(phones);
    emails = emails == null ? List.of() : List.copyOf(emails);
    identities = identities == null ? List.of() : List.copyOf(identities);
  }

  public boolean hasContactDetails() {
    return !phones.isEmpty() || !emails.isEmpty();
  }
}
