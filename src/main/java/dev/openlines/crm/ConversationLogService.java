package dev.openlines.crm;

import java.time.Clock;
import org.springframework.stereotype.Service;

/** Saves a conversation's messages to its contact card and the lead or deal made from it. */
@Service
public class ConversationLogService {

  private final CrmPort crm;
  private final ConversationTranscripts transcripts;
  private final Clock clock;

  public ConversationLogService(CrmPort crm, ConversationTranscripts transcripts, Clock clock) {
    this.crm = crm;
    this.transcripts = transcripts;
    this.clock = clock;
  }

  /**
   * Idempotent: saving again replaces the earlier save with the messages stored by now.
   *
   * @param operatorId the operator who held the conversation, or null
   * @throws NoContactException when the conversation was not linked to a contact
   */
  public ConversationLog save(String conversationId, String operatorId) {
    ConversationCard card = crm.findCard(conversationId).orElseThrow(() -> new NoContactException(conversationId));
    var log =
        new ConversationLog(
            conversationId,
            card.contactId(),
            card.leadId(),
            card.dealId(),
            card.connectorType(),
            operatorId,
            transcripts.linesOf(conversationId),
            clock.instant());
    crm.saveLog(log);
    return log;
  }
}
