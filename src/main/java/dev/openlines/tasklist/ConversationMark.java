package dev.openlines.tasklist;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One operator's own marks on a conversation: pinned to the top of their inbox, or marked unread to
 * come back to. Id: operator and conversation, so each mark is one upsert.
 */
@Document("conversationMarks")
record ConversationMark(@Id String id, String operatorId, String conversationId, Boolean pinned, Boolean unread) {

  boolean isPinned() {
    return Boolean.TRUE.equals(pinned);
  }

  boolean isUnread() {
    return Boolean.TRUE.equals(unread);
  }

  static String id(String operatorId, String conversationId) {
    return operatorId + "/" + conversationId;
  }
}
