package dev.openlines.crmform;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A published CRM web form (see {@link CrmFormRequest} for the fields). */
@Document(CrmForm.COLLECTION)
public record CrmForm(
    @Id String id,
    String name,
    List<FormField> fields,
    String consentText,
    List<String> responsibleOperatorIds,
    FormResult creates,
    Instant updatedAt) {

  public static final String COLLECTION = "crm_forms";

  public boolean requiresConsent() {
    return consentText != null && !consentText.isBlank();
  }

  /** The first field of this type, whose value identifies the client in the CRM. */
  public Optional<FormField> firstOf(FieldType type) {
    return fields.stream().filter(field -> field.type() == type).findFirst();
  }
}
