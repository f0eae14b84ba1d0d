package dev.openlines.crm;

import jakarta.validation.constraints.NotNull;

/**
 * The CRM part of an open channel's settings.
 *
 * @param leadCreation what happens in the CRM when an unknown client writes (input of the lead-creation decision)
 * @param routeToResponsible offer a recognised client's conversation to the operator responsible for
 *     them in the CRM first, even when that operator is not in the channel's queue
 * @param changeResponsibleOnTransfer a manual transfer makes the receiving operator the responsible
 *     person; otherwise the operator who first answered stays responsible
 */
public record CrmSettings(
    @NotNull(message = "choose what to do for unknown clients: LEAD, DEAL, MANUAL or OFF") LeadCreationMode leadCreation,
    boolean routeToResponsible,
    boolean changeResponsibleOnTransfer) {

  /** A new channel: leads for unknown clients, recognised clients go to their responsible operator. */
  public static CrmSettings defaults() {
    return new CrmSettings(LeadCreationMode.LEAD, true, false);
  }
}
