package dev.openlines.tasklist;

import dev.openlines.api.InvalidRequestException;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * A client's earlier conversations (same connector type and client id), for the operator working on one
 * of them. The store has no text index, so words are matched as case-insensitive literal substrings.
 */
@Service
class HistoryService {

  static final int MAX_RESULTS = 50;
  static final int MAX_WORDS = 10;

  private final MongoTemplate mongo;
  private final ConversationAccess access;

  HistoryService(MongoTemplate mongo, ConversationAccess access) {
    this.mongo = mongo;
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
    List<Criteria> criteria = new ArrayList<>();
    criteria.add(Criteria.where("connectorType").is(current.getConnectorType()));
    criteria.add(Criteria.where("clientId").is(current.getClientId()));
    if (from != null) criteria.add(Criteria.where("createdAt").gte(from));
    if (to != null) criteria.add(Criteria.where("createdAt").lt(to));
    List<Conversation> candidates =
        mongo.find(Query.query(new Criteria().andOperator(criteria)).with(Sort.by(Sort.Direction.DESC, "createdAt")), Conversation.class);
    Set<String> ids = candidates.stream().map(Conversation::getId).collect(Collectors.toCollection(HashSet::new));
    for (String term : terms) {
      ids.retainAll(conversationsMentioning(ids, term));
    }
    return candidates.stream()
        .filter(c -> ids.contains(c.getId()))
        .limit(MAX_RESULTS)
        .map(c -> new HistoryHit(c.getId(), c.getChannelId(), c.getTitle(), c.getStatus(), c.getCreatedAt(), matches(c.getId(), terms)))
        .toList();
  }

  private Set<String> conversationsMentioning(Set<String> conversationIds, String term) {
    Query query = Query.query(Criteria.where("conversationId").in(conversationIds).and("deletedAt").exists(false).and("text").regex(literal(term)));
    query.fields().include("conversationId");
    return mongo.find(query, ConversationMessage.class).stream().map(ConversationMessage::getConversationId).collect(Collectors.toSet());
  }

  private List<String> matches(String conversationId, List<String> terms) {
    if (terms.isEmpty()) {
      return List.of();
    }
    Query query = Query.query(
        new Criteria().andOperator(
            Criteria.where("conversationId").is(conversationId),
            Criteria.where("deletedAt").exists(false),
            new Criteria().orOperator(terms.stream().map(t -> Criteria.where("text").regex(literal(t))).toList())));
    query.with(Sort.by("createdAt")).limit(3);
    query.fields().include("text");
    return mongo.find(query, ConversationMessage.class).stream().map(ConversationMessage::getText).toList();
  }

  private static Pattern literal(String term) {
    return Pattern.compile(Pattern.quote(term), Pattern.CASE_INSENSITIVE);
  }
}
