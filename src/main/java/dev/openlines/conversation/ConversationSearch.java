package dev.openlines.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Finding conversations by their fields and by the words of their messages. The store has no text
 * index, so words are matched as case-insensitive literal substrings; every word search is bounded by
 * the conversations or the period it reads.
 */
@Component
public class ConversationSearch {

  private final MongoTemplate mongo;

  ConversationSearch(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /**
   * What the conversations must match; null means any. {@code from}/{@code to} bound the creation time
   * ({@code from} inclusive, {@code to} exclusive).
   *
   * @param supervisorRating the supervisor's score 1-5
   * @param kpiBreached true: only conversations with a late reply; false: only those without
   * @param among only conversations with one of these ids
   */
  public record Filter(
      String channelId,
      ConversationStatus status,
      String connectorType,
      Instant from,
      Instant to,
      ClientRating clientRating,
      Integer supervisorRating,
      Boolean kpiBreached,
      Collection<String> among) {}

  /** One page, newest first, and how many conversations match the filter in all. */
  public record Found(List<Conversation> conversations, boolean more, long total) {}

  /**
   * Newest first, at most {@code limit} conversations created before the one seen last ({@code afterCreatedAt},
   * {@code afterId}; null: from the newest).
   */
  public Found page(Filter filter, Instant afterCreatedAt, String afterId, int limit) {
    List<Criteria> criteria = new ArrayList<>();
    if (filter.channelId() != null) criteria.add(Criteria.where("channelId").is(filter.channelId()));
    if (filter.status() != null) criteria.add(Criteria.where("status").is(filter.status()));
    if (filter.connectorType() != null) criteria.add(Criteria.where("connectorType").is(filter.connectorType()));
    if (filter.from() != null) criteria.add(Criteria.where("createdAt").gte(filter.from()));
    if (filter.to() != null) criteria.add(Criteria.where("createdAt").lt(filter.to()));
    if (filter.clientRating() != null) criteria.add(Criteria.where("clientRating").is(filter.clientRating()));
    if (filter.supervisorRating() != null) criteria.add(Criteria.where("supervisorRating.score").is(filter.supervisorRating()));
    if (filter.kpiBreached() != null) criteria.add(Criteria.where("kpiBreaches.0").exists(filter.kpiBreached()));
    if (filter.among() != null) criteria.add(Criteria.where("_id").in(filter.among()));
    long total = mongo.count(matching(criteria), Conversation.class);
    if (afterCreatedAt != null) {
      // Strictly older than the last row seen; the id breaks ties between rows created in the same instant.
      criteria.add(
          new Criteria()
              .orOperator(
                  Criteria.where("createdAt").lt(afterCreatedAt),
                  Criteria.where("createdAt").is(afterCreatedAt).and("_id").lt(afterId)));
    }
    Query query = matching(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt", "_id")).limit(limit + 1);
    List<Conversation> found = mongo.find(query, Conversation.class);
    boolean more = found.size() > limit;
    return new Found(more ? found.subList(0, limit) : found, more, total);
  }

  /**
   * The conversations with a message written in [from, to) (on the channel, when given) that has every
   * word in its text or its client's name. Reads only the period's messages (index on createdAt) and uses
   * at most {@code maxMessages} matching messages.
   */
  public Set<String> mentioning(List<String> words, Instant from, Instant to, String channelId, int maxMessages) {
    List<Criteria> message = new ArrayList<>();
    message.add(Criteria.where("createdAt").gte(from).lt(to));
    if (channelId != null) message.add(Criteria.where("channelId").is(channelId));
    message.add(Criteria.where("deletedAt").exists(false));
    for (String word : words) {
      Pattern literal = literal(word);
      message.add(new Criteria().orOperator(Criteria.where("text").regex(literal), Criteria.where("client.name").regex(literal)));
    }
    Query query = matching(message).limit(maxMessages);
    query.fields().include("conversationId");
    return mongo.find(query, ConversationMessage.class).stream()
        .map(ConversationMessage::getConversationId).filter(Objects::nonNull).collect(Collectors.toSet());
  }

  /** A conversation of the client's history with up to three of its messages that contain the words. */
  public record HistoryHit(Conversation conversation, List<String> matches) {}

  /**
   * The client's conversations on one messenger (connector type and client id), created in [from, to)
   * (either may be null), whose messages contain every word (none: all), newest first, at most
   * {@code maxResults}.
   */
  public List<HistoryHit> clientHistory(
      String connectorType, String clientId, Instant from, Instant to, List<String> words, int maxResults) {
    List<Criteria> criteria = new ArrayList<>();
    criteria.add(Criteria.where("connectorType").is(connectorType));
    criteria.add(Criteria.where("clientId").is(clientId));
    if (from != null) criteria.add(Criteria.where("createdAt").gte(from));
    if (to != null) criteria.add(Criteria.where("createdAt").lt(to));
    List<Conversation> candidates =
        mongo.find(Query.query(new Criteria().andOperator(criteria)).with(Sort.by(Sort.Direction.DESC, "createdAt")), Conversation.class);
    Set<String> ids = candidates.stream().map(Conversation::getId).collect(Collectors.toCollection(HashSet::new));
    for (String word : words) {
      ids.retainAll(conversationsWithAMessageMentioning(ids, word));
    }
    return candidates.stream()
        .filter(c -> ids.contains(c.getId()))
        .limit(maxResults)
        .map(c -> new HistoryHit(c, messagesMentioning(c.getId(), words)))
        .toList();
  }

  private Set<String> conversationsWithAMessageMentioning(Set<String> conversationIds, String word) {
    Query query = Query.query(
        Criteria.where("conversationId").in(conversationIds).and("deletedAt").exists(false).and("text").regex(literal(word)));
    query.fields().include("conversationId");
    return mongo.find(query, ConversationMessage.class).stream().map(ConversationMessage::getConversationId).collect(Collectors.toSet());
  }

  private List<String> messagesMentioning(String conversationId, List<String> words) {
    if (words.isEmpty()) {
      return List.of();
    }
    Query query = Query.query(
        new Criteria().andOperator(
            Criteria.where("conversationId").is(conversationId),
            Criteria.where("deletedAt").exists(false),
            new Criteria().orOperator(words.stream().map(w -> Criteria.where("text").regex(literal(w))).toList())));
    query.with(Sort.by("createdAt")).limit(3);
    query.fields().include("text");
    return mongo.find(query, ConversationMessage.class).stream().map(ConversationMessage::getText).toList();
  }

  private static Query matching(List<Criteria> criteria) {
    return criteria.isEmpty() ? new Query() : Query.query(new Criteria().andOperator(List.copyOf(criteria)));
  }

  private static Pattern literal(String word) {
    return Pattern.compile(Pattern.quote(word), Pattern.CASE_INSENSITIVE);
  }
}
