package dev.openlines.channel;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The CRM part of an open channel's settings.
 *
 * @param leadCreation what happens in the CRM when an unknown client writes (input of the lead-creation decision)
 * @param routeToResponsible offer a recognised client's conversation to the operator responsible for
 *     them in the CRM first, even when that operator is not in the channel's queue
 * @param changeResponsibleOnTransfer a manual transfer makes the receiving operator the responsible
 *     person; otherwise the operator who first answered stays responsible
 * @param leadSource the source written on the channel's leads and deals (e.g. "Website chat"); null =
 *     the connector type the client came through
 * @param checkClient look the client up in the CRM (contact, lead or deal, responsible person); false:
 *     the conversation goes on without the CRM. Null = true
 * @param chatTracker recognise a returning client (by connector identity, phone, e-mail, across
 *     channels); false: every conversation's client counts as new. Null = true
 */
public record CrmSettings(
    @NotNull(message = "choose what to do for unknown clients: LEAD, DEAL, MANUAL or OFF") LeadCreationMode leadCreation,
    boolean routeToResponsible,
    boolean changeResponsibleOnTransfer,
    @Size(max = 100, message = "the lead source is at most 100 characters") String leadSource,
    Boolean checkClient,
    Boolean chatTracker) {

  public CrmSettings {
    checkClient = checkClient == null || checkClient;
    chatTracker = chatTracker == null || chatTracker;
  }

  public CrmSettings(LeadCreationMode leadCreation, boolean routeToResponsible, boolean changeResponsibleOnTransfer) {
    this(leadCreation, routeToResponsible, changeResponsibleOnTransfer, null, null, null);
  }

  /** A new channel: leads for unknown clients, recognised clients go to their responsible operator. */
  public static CrmSettings defaults() {
    return new CrmSettings(LeadCreationMode.LEAD, true, false);
  }
}
