package dev.openlines.crm;

import java.util.List;

/** Where the CRM reads a conversation's messages from when it saves the log to the card. */
public interface ConversationTranscripts {

  /** @return the messages in the order they were sent; empty when none are stored */
  List<TranscriptLine> linesOf(String conversationId);
}
