package dev.openlines.crm;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The conversation's messages as saved on the contact card (and the lead or deal made from it). One
 * per conversation: saving again replaces it with the newer, longer log.
 */
@Document(ConversationLog.COLLECTION)
public record ConversationLog(
    @Id String conversationId,
    String contactId,
    String leadId,
    String dealId,
    String connectorType,
    String operatorId,
    List<TranscriptLine> lines,
    Instant savedAt) {

  public static final String COLLECTION = "crm_conversation_logs";

  public ConversationLog {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }
}
