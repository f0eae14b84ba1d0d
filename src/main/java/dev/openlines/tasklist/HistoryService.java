package dev.openlines.tasklist;

import dev.openlines.api.InvalidRequestException;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationSearch;
import dev.openlines.conversation.ConversationStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * A client's earlier conversations (same connector type and client id), for the operator working on one
 * of them. The store has no text index, so words are matched as case-insensitive literal substrings.
 */
@Service
class HistoryService {

  static final int MAX_RESULTS = 50;
  static final int MAX_WORDS = 10;

  private final ConversationSearch search;
  private final ConversationAccess access;

  HistoryService(ConversationSearch search, ConversationAccess access) {
    this.search = search;
    this.access = access;
  }

  /** A found conversation with up to three of its messages that contain the words. */
  record HistoryHit(
      String conversationId, String channelId, String title, ConversationStatus status, Instant createdAt, List<String> matches) {}

  List<HistoryHit> search(String conversationId, String operatorId, Instant from, Instant to, String words) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InvalidRequestException("to", "must be after from");
    }
    List<String> terms = words == null ? List.of() : Arrays.stream(words.trim().split("\\s+")).filter(w -> !w.isBlank()).toList();
    if (terms.size() > MAX_WORDS) {
      throw new InvalidRequestException("q", "at most " + MAX_WORDS + " words");
    }
    Conversation current = access.visible(conversationId, operatorId);
    return search.clientHistory(current.getConnectorType(), current.getClientId(), from, to, terms, MAX_RESULTS).stream()
        .map(hit -> {
          Conversation c = hit.conversation();
          return new HistoryHit(c.getId(), c.getChannelId(), c.getTitle(), c.getStatus(), c.getCreatedAt(), hit.matches());
        })
        .toList();
  }
}
