package dev.openlines.routing;

import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.operator.Operator;
import dev.openlines.operator.Presence;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.Set;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Who can take a conversation of a queue right now, in queue order. A snapshot: the reservation
 * re-checks presence, dismissal and the limit atomically.
 */
@Component
class OperatorAvailability {

  private final MongoTemplate mongo;

  OperatorAvailability(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  List<Operator> available(RoutingQueue queue, LocalDate today) {
    return available(queue, today, Set.of());
  }

  /**
   * The operators of the queue who can take a conversation now, in queue order, read with one query
   * that lets the store filter (not dismissed, present when the channel checks, under the limit) and
   * returns only them, not the whole queue.
   *
   * @param excluded operators not wanted (already tried)
   */
  List<Operator> available(RoutingQueue queue, LocalDate today, Set<String> excluded) {
    return inQueueOrder(queue.settings(), candidates(queue, excluded, null, 0)).stream()
        .filter(operator -> isAvailable(operator, queue, today))
        .toList();
  }

  /**
   * The first few operators of the queue in the given order whom the store finds able to take a
   * conversation now; vacations are not checked here ({@link #isAvailable} does).
   *
   * @param sort the store's order; null for none
   * @param limit at most this many; 0 for no limit
   */
  List<Operator> candidates(RoutingQueue queue, Set<String> excluded, Sort sort, int limit) {
    QueueSettings settings = queue.settings();
    List<Criteria> conditions = new ArrayList<>(canTake(queue.channelId(), settings));
    conditions.add(inQueue(settings));
    if (!excluded.isEmpty()) {
      conditions.add(Criteria.where("_id").nin(excluded));
    }
    Query query = Query.query(new Criteria().andOperator(conditions)).limit(limit);
    if (sort != null) {
      query.with(sort);
    }
    query.fields().exclude("counted");
    return mongo.find(query, Operator.class);
  }

  /**
   * What makes an operator able to take one more conversation of the channel, as store conditions: the
   * same as {@link #isAvailable} apart from vacations. The capacity reservation applies them atomically.
   */
  static List<Criteria> canTake(String channelId, QueueSettings settings) {
    List<Criteria> conditions = new ArrayList<>();
    conditions.add(Criteria.where("dismissed").ne(true));
    if (settings.checkAvailability()) {
      conditions.add(Criteria.where("presence").ne(Presence.AWAY));
      conditions.add(
          new Criteria().orOperator(Criteria.where("presence").is(Presence.ONLINE), Criteria.where("clockedIn").is(true)));
    }
    if (settings.hasChatLimit()) {
      String load = OperatorCapacity.loadField(channelId);
      conditions.add(
          new Criteria()
              .orOperator(Criteria.where(load).lt(settings.chatLimit()), Criteria.where(load).exists(false)));
    }
    return conditions;
  }

  boolean isAvailable(Operator operator, RoutingQueue queue, LocalDate today) {
    QueueSettings settings = queue.settings();
    return !operator.isDismissed()
        && !operator.isOnVacation(today)
        && (!settings.checkAvailability() || operator.isPresent())
        && (!settings.hasChatLimit() || operator.loadIn(queue.channelId()) < settings.chatLimit());
  }

  private static Criteria inQueue(QueueSettings settings) {
    return inQueue(settings.entries());
  }

  /** The operators these queue entries name: by id, or as members of a department they name. */
  static Criteria inQueue(List<QueueEntry> entries) {
    return new Criteria()
        .orOperator(
            Criteria.where("_id").in(idsOf(entries, QueueEntry.Kind.OPERATOR)),
            Criteria.where("departmentIds").in(idsOf(entries, QueueEntry.Kind.DEPARTMENT)));
  }

  /** Operators as listed, departments expanded to their members (by id); each operator once, first place wins. */
  private static List<Operator> inQueueOrder(QueueSettings settings, List<Operator> found) {
    Map<String, Operator> byId = found.stream().collect(Collectors.toMap(Operator::getId, Function.identity()));
    List<Operator> byIdOrder = found.stream().sorted(Comparator.comparing(Operator::getId)).toList();

    SequencedSet<Operator> ordered = new LinkedHashSet<>();
    for (QueueEntry entry : settings.entries()) {
      switch (entry.kind()) {
        case OPERATOR -> {
          Operator operator = byId.get(entry.id());
          if (operator != null) {
            ordered.add(operator);
          }
        }
        case DEPARTMENT ->
            byIdOrder.stream().filter(o -> o.getDepartmentIds().contains(entry.id())).forEach(ordered::add);
      }
    }
    return new ArrayList<>(ordered);
  }

  private static List<String> idsOf(List<QueueEntry> entries, QueueEntry.Kind kind) {
    return entries.stream().filter(e -> e.kind() == kind).map(QueueEntry::id).toList();
  }
}
