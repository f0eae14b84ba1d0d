package dev.openlines.crmform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An administrator's definition of a CRM web form.
 *
 * @param fields the inputs, in the order the page shows them; at least one EMAIL or PHONE field, so the CRM can
 *     recognise a returning client
 * @param consentText when set, a submission must carry {@code "consent": true} (the client agreed to this text)
 * @param responsibleOperatorIds who gets the submissions, in this order: each new client's submission goes to the
 *     next person on the list who is clocked in and online; when nobody is, to the next in turn anyway
 * @param creates what a submission creates (decided with the client's CRM state in {@code crm-form-result.dmn})
 */
public record CrmFormRequest(
    @NotBlank(message = "give the form a name") @Size(max = 200, message = "the name is at most 200 characters") String name,
    @NotEmpty(message = "add at least one field")
        @Size(max = 50, message = "a form has at most 50 fields")
        List<@NotNull(message = "a field cannot be null") @Valid FormField> fields,
    @Size(max = 4000, message = "the consent text is at most 4000 characters") String consentText,
    @NotEmpty(message = "list the operators who get the submissions, in order")
        @Size(max = 100, message = "at most 100 operators")
        List<@NotBlank(message = "an operator id cannot be blank") String> responsibleOperatorIds,
    @NotNull(message = "choose what a submission creates: LEAD, DEAL or DEAL_FOR_KNOWN_CLIENTS") FormResult creates) {}
