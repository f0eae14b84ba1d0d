package dev.openlines.crmform;

/**
 * The form's choice of what a submission creates in the CRM: an input of the decision
 * {@code dmn/crm-form-result.dmn}, which has the last word.
 */
public enum FormResult {
  /** Every submission creates a lead. */
  LEAD,
  /** Every submission creates a deal. */
  DEAL,
  /** A client the CRM already knows gets a deal, a new one a lead. */
  DEAL_FOR_KNOWN_CLIENTS
}
