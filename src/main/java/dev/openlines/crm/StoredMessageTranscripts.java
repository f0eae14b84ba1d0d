package dev.openlines.crm;

import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.MessageAuthor;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Reads a conversation's messages from the one message store, {@link ConversationMessageStore}:
 * both sides, oldest first; notes for operators only and deleted messages are not part of a transcript.
 */
@Component
public class StoredMessageTranscripts implements ConversationTranscripts {

  private final ConversationMessageStore messages;

  public StoredMessageTranscripts(ConversationMessageStore messages) {
    this.messages = messages;
  }

  @Override
  public List<TranscriptLine> linesOf(String conversationId) {
    return messages.history(conversationId).stream()
        .filter(message -> !message.isSilent() && message.getDeletedAt() == null)
        .map(message -> new TranscriptLine(message.getCreatedAt(), author(message), message.getText()))
        .toList();
  }

  /** "client", the operator's id, "system" or "bot", as {@link TranscriptLine} documents. */
  private static String author(ConversationMessage message) {
    if (message.getAuthor() == MessageAuthor.OPERATOR && message.getOperatorId() != null) {
      return message.getOperatorId();
    }
    return message.getAuthor().name().toLowerCase(Locale.ROOT);
  }
}
