package dev.openlines.channel;

/** A channel's choice of what to do in the CRM when a client the CRM does not know writes. */
public enum LeadCreationMode {
  /** Create a lead automatically. */
  LEAD,
  /** Create a deal automatically. */
  DEAL,
  /** Let the operator create the lead with one click. */
  MANUAL,
  /** Do nothing in the CRM besides recognising the client. */
  OFF
}
