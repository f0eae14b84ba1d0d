package dev.openlines.crm;

import java.util.List;

/**
 * What an operator sees of the CRM beside a conversation.
 *
 * @param lead null until a lead is created for this conversation
 * @param deal null until a deal is created for this conversation
 * @param conversationIds every conversation of this contact, in any channel, oldest first
 * @param savedLogs conversations of this contact saved to the CRM so far
 */
public record CrmCardView(
    Contact contact, Lead lead, Deal deal, List<String> conversationIds, List<SavedLog> savedLogs) {

  /** A saved conversation log, without its lines. */
  public record SavedLog(String conversationId, String connectorType, String operatorId, int messages, java.time.Instant savedAt) {

    static SavedLog of(ConversationLog log) {
      return new SavedLog(log.conversationId(), log.connectorType(), log.operatorId(), log.lines().size(), log.savedAt());
    }
  }
}
