package dev.openlines.crm;

/** The conversation was never linked to a CRM contact (the client was not identified). */
public class NoContactException extends RuntimeException {

  public NoContactException(String conversationId) {
    super("Conversation " + conversationId + " is not linked to a CRM contact; identify the client first");
  }
}
