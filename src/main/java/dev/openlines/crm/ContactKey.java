package dev.openlines.crm;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Claims one recognising detail (connector identity, phone, e-mail) for one contact. A unique index
 * on (kind, value) makes each detail belong to at most one contact, also when two first messages
 * of the same client arrive at once: the second insert fails and that caller finds the first.
 */
@Document(ContactKey.COLLECTION)
public record ContactKey(@Id String id, Kind kind, String value, String contactId) {

  public static final String COLLECTION = "crm_contact_keys";

  public enum Kind {
    IDENTITY,
    PHONE,
    EMAIL
  }

  static ContactKey of(ConnectorIdentity identity) {
    return new ContactKey(null, Kind.IDENTITY, identity.key(), null);
  }

  static ContactKey phone(String normalisedPhone) {
    return new ContactKey(null, Kind.PHONE, normalisedPhone, null);
  }

  static ContactKey email(String normalisedEmail) {
    return new ContactKey(null, Kind.EMAIL, normalisedEmail, null);
  }

  ContactKey claimedBy(String contactId) {
    return new ContactKey(null, kind, value, contactId);
  }
}
