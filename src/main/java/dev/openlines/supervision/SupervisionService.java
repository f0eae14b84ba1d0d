package dev.openlines.supervision;

import dev.openlines.api.Cursor;
import dev.openlines.api.InvalidRequestException;
import dev.openlines.api.Page;
import dev.openlines.api.NotFoundException;
import dev.openlines.conversation.ClientRating;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationQueries;
import dev.openlines.conversation.ConversationSearch;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.RatingService;
import dev.openlines.conversation.ResponseTime;
import dev.openlines.routing.ConversationRouting;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** The supervisor's view: filtered conversation list with KPI columns, statistics, ratings. */
@Service
class SupervisionService {

  static final int MAX_PAGE = 500;
  static final int MAX_WORDS = 10;
  static final int MAX_SEARCH_HITS = 5000;

  private final MongoTemplate mongo;
  private final ConversationSearch search;
  private final ConversationQueries queries;
  private final RatingService ratings;

  SupervisionService(MongoTemplate mongo, ConversationSearch search, ConversationQueries queries, RatingService ratings) {
    this.mongo = mongo;
    this.search = search;
    this.queries = queries;
    this.ratings = ratings;
  }

  /** Newest first, {@code limit} rows after the cursor (null: from the newest), with the filter's total. */
  Page<ConversationRow> conversations(ConversationFilter filter, Cursor after, int limit) {
    checkPeriod(filter.from(), filter.to());
    // The words and the operator each narrow the list to a set of ids: a row must be in both.
    Set<String> among = null;
    if (filter.searchesText()) {
      among = new HashSet<>(conversationsMentioning(filter));
    }
    if (filter.operatorId() != null) {
      Set<String> held =
          mongo.find(Query.query(Criteria.where("assignedOperatorId").is(filter.operatorId())), ConversationRouting.class)
              .stream().map(ConversationRouting::getConversationId).collect(Collectors.toSet());
      if (among == null) {
        among = held;
      } else {
        among.retainAll(held);
      }
    }
    ConversationSearch.Found found = search.page(
        new ConversationSearch.Filter(
            filter.channelId(), filter.status(), filter.connectorType(), filter.from(), filter.to(),
            filter.clientRating(), filter.supervisorRating(), filter.kpiBreached(), among),
        after == null ? null : after.createdAt(),
        after == null ? null : after.id(),
        limit);
    List<Conversation> page = found.conversations();
    Map<String, String> operators = operatorsOf(page);
    Conversation last = page.isEmpty() ? null : page.get(page.size() - 1);
    return new Page<>(
        page.stream().map(c -> ConversationRow.of(c, operators.get(c.getId()))).toList(),
        found.more() ? new Cursor(last.getCreatedAt(), last.getId()) : null,
        found.total());
  }

  /**
   * The conversations with a message of the period that has all the words in its text or its client's
   * name. Bounded: only the period's messages are read, and at most {@link #MAX_SEARCH_HITS} matching
   * messages are used.
   */
  private Set<String> conversationsMentioning(ConversationFilter filter) {
    if (filter.from() == null || filter.to() == null) {
      throw new InvalidRequestException("from", "a keyword search (q) needs the period: from and to, at most 31 days apart");
    }
    if (Duration.between(filter.from(), filter.to()).compareTo(ConversationFilter.LONGEST_SEARCH) > 0) {
      throw new InvalidRequestException("to", "a keyword search (q) reads at most 31 days: bring from and to closer");
    }
    List<String> words = Arrays.stream(filter.q().strip().split("\\s+")).limit(MAX_WORDS).toList();
    return search.mentioning(words, filter.from(), filter.to(), filter.channelId(), MAX_SEARCH_HITS);
  }

  OperatorStatistics statistics(Instant from, Instant to) {
    if (from == null || to == null) {
      throw new InvalidRequestException("from", "give the period: from and to (ISO-8601 instants)");
    }
    checkPeriod(from, to);
    List<Conversation> found = queries.openedBetween(from, to);
    Map<String, String> operators = operatorsOf(found);
    Map<String, List<Conversation>> byOperator =
        found.stream().filter(c -> operators.containsKey(c.getId()))
            .collect(Collectors.groupingBy(c -> operators.get(c.getId()), TreeMap::new, Collectors.toList()));
    Map<String, List<Conversation>> byChannel =
        found.stream().collect(Collectors.groupingBy(Conversation::getChannelId, TreeMap::new, Collectors.toList()));
    return new OperatorStatistics(from, to, lines(byOperator), lines(byChannel));
  }

  void rate(String conversationId, String supervisorId, int score, String comment) {
    switch (ratings.rateBySupervisor(conversationId, supervisorId, score, comment)) {
      case RECORDED -> {}
      case NO_SUCH_CONVERSATION -> throw NotFoundException.of("Conversation", conversationId);
      case SPAM -> throw new dev.openlines.api.ConflictException("Conversation " + conversationId + " was closed as spam and is not rated");
    }
  }

  private static List<OperatorStatistics.Line> lines(Map<String, List<Conversation>> groups) {
    return groups.entrySet().stream().map(e -> line(e.getKey(), e.getValue())).toList();
  }

  private static OperatorStatistics.Line line(String key, Collection<Conversation> conversations) {
    List<Long> firsts = conversations.stream().map(Conversation::getFirstResponseMillis).filter(Objects::nonNull).toList();
    List<Long> all = conversations.stream().flatMap(c -> c.getResponseTimes().stream()).map(ResponseTime::millis).toList();
    List<Integer> scores =
        conversations.stream().map(Conversation::getSupervisorRating).filter(Objects::nonNull).map(r -> r.score()).toList();
    return new OperatorStatistics.Line(
        key,
        conversations.size(),
        conversations.stream().filter(c -> c.getStatus() == ConversationStatus.CLOSED).count(),
        average(firsts),
        average(all),
        all.stream().max(Long::compare).orElse(null),
        conversations.stream().mapToLong(c -> c.getKpiBreaches().size()).sum(),
        conversations.stream().filter(c -> c.getClientRating() == ClientRating.LIKE).count(),
        conversations.stream().filter(c -> c.getClientRating() == ClientRating.DISLIKE).count(),
        scores.isEmpty() ? null : scores.stream().mapToInt(Integer::intValue).average().getAsDouble());
  }

  private static Long average(List<Long> values) {
    return values.isEmpty() ? null : Math.round(values.stream().mapToLong(Long::longValue).average().getAsDouble());
  }

  private Map<String, String> operatorsOf(List<Conversation> conversations) {
    List<String> ids = conversations.stream().map(Conversation::getId).toList();
    Query query = Query.query(Criteria.where("_id").in(ids).and("assignedOperatorId").ne(null));
    query.fields().include("assignedOperatorId");
    return mongo.find(query, ConversationRouting.class).stream()
        .collect(Collectors.toMap(ConversationRouting::getConversationId, ConversationRouting::getAssignedOperatorId, (a, b) -> a));
  }

  private static void checkPeriod(Instant from, Instant to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InvalidRequestException("to", "must be after from");
    }
  }
}
