package dev.openlines.routing;

import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.operator.Operator;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.function.Function;
import java.util.stream.Collectors;
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
    return inQueueOrder(queue.settings()).stream()
        .filter(operator -> isAvailable(operator, queue, today))
        .toList();
  }

  boolean isAvailable(Operator operator, RoutingQueue queue, LocalDate today) {
    QueueSettings settings = queue.settings();
    return !operator.isDismissed()
        && !operator.isOnVacation(today)
        && (!settings.checkAvailability() || operator.isPresent())
        && (!settings.hasChatLimit() || operator.loadIn(queue.channelId()) < settings.chatLimit());
  }

  /** Operators as listed, departments expanded to their members (by id); each operator once, first place wins. */
  List<Operator> inQueueOrder(QueueSettings settings) {
    List<String> operatorIds = idsOf(settings, QueueEntry.Kind.OPERATOR);
    List<String> departmentIds = idsOf(settings, QueueEntry.Kind.DEPARTMENT);
    Query query =
        Query.query(
            new Criteria()
                .orOperator(
                    Criteria.where("_id").in(operatorIds), Criteria.where("departmentIds").in(departmentIds)));
    query.fields().exclude("counted");
    List<Operator> found = mongo.find(query, Operator.class);
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

  private static List<String> idsOf(QueueSettings settings, QueueEntry.Kind kind) {
    return settings.entries().stream().filter(e -> e.kind() == kind).map(QueueEntry::id).toList();
  }
}
