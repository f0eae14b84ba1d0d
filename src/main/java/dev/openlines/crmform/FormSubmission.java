package dev.openlines.crmform;

import java.time.Instant;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One accepted submission of a CRM form. Stored before the answer, with its process start in the outbox; the
 * process fills in the rest.
 *
 * @param responsibleOperatorId who got it; set once (a repeated job keeps the first choice)
 * @param assignedBy why: {@link Assignment}
 * @param leadId the lead created, or null
 * @param dealId the deal created, or null
 */
@Document(FormSubmission.COLLECTION)
public record FormSubmission(
    @Id String id,
    String formId,
    Map<String, String> values,
    boolean consent,
    Instant receivedAt,
    String contactId,
    String responsibleOperatorId,
    Assignment assignedBy,
    String leadId,
    String dealId,
    Instant handledAt) {

  public static final String COLLECTION = "crm_form_submissions";

  /** How the responsible person was chosen. */
  public enum Assignment {
    /** The client was known in the CRM: their responsible person. */
    CLIENT_RESPONSIBLE,
    /** The next person on the form's list who was clocked in and online. */
    IN_ORDER,
    /** Nobody on the list was at work: the next one in turn anyway. */
    ROUND_ROBIN
  }
}
