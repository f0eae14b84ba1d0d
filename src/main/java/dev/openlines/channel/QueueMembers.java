package dev.openlines.channel;

import dev.openlines.api.FieldProblem;
import dev.openlines.api.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The operators and departments an admin puts in a channel's queue must exist: a mistyped id was saved,
 * and the channel then routed to nobody in that place without saying why.
 */
@Component
class QueueMembers {

  private final KnownOperators known;

  QueueMembers(KnownOperators known) {
    this.known = known;
  }

  /** @throws InvalidRequestException naming each entry that names nobody */
  void requireKnown(QueueSettings queue) {
    if (queue == null || queue.entries() == null) {
      return;
    }
    List<FieldProblem> unknown = new ArrayList<>();
    for (int i = 0; i < queue.entries().size(); i++) {
      QueueEntry entry = queue.entries().get(i);
      if (entry == null || entry.kind() == null || entry.id() == null) {
        continue; // the settings' own validation names these
      }
      String field = "queue.entries[" + i + "].id";
      if (entry.kind() == QueueEntry.Kind.OPERATOR && !known.exists(entry.id())) {
        unknown.add(new FieldProblem(field, KnownOperators.noOperatorNamed(entry.id())));
      } else if (entry.kind() == QueueEntry.Kind.DEPARTMENT && !known.departmentExists(entry.id())) {
        unknown.add(new FieldProblem(field,
            "names no department: create department '" + entry.id() + "' first (POST /api/admin/departments) or remove the entry"));
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidRequestException(unknown);
    }
  }
}
