package dev.openlines.crm;

/** Output of the lead-creation decision ({@code dmn/lead-creation.dmn}). */
public enum LeadAction {
  CREATE_LEAD,
  CREATE_DEAL,
  /** The operator sees a "create lead" action on the conversation. */
  OFFER_MANUAL,
  NOTHING
}
