package dev.openlines.crm;

import java.util.ArrayList;
import java.util.List;

/**
 * What one channel tells about a client: the connector identity always, name, phone and e-mail when
 * the messenger or the client gave them. Phone and e-mail are kept in their normal form.
 */
public record ClientDetails(ConnectorIdentity identity, String name, String phone, String email) {

  public ClientDetails {
    if (identity == null) {
      throw new IllegalArgumentException("A client needs a connector identity");
    }
    name = name == null || name.isBlank() ? null : name.strip();
    phone = ContactDetails.normalisePhone(phone);
    email = ContactDetails.normaliseEmail(email);
  }

  /** The keys that recognise this client, strongest first: connector identity, phone, e-mail. */
  public List<ContactKey> keys() {
    List<ContactKey> keys = new ArrayList<>();
    keys.add(ContactKey.of(identity));
    if (phone != null) {
      keys.add(ContactKey.phone(phone));
    }
    if (email != null) {
      keys.add(ContactKey.email(email));
    }
    return keys;
  }
}
