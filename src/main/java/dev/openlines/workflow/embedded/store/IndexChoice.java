package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a collection's indexes can narrow a query, and the positions they give: a unique index the
 * query fixes completely, the best-scoring secondary index ({@link QueryPlan}), or the union of a
 * top-level {@code $or}'s indexed branches. {@link StoreCollection} then matches the full query.
 */
record IndexChoice(List<Index<Object>> indexes) {

  /** Positions from a unique index (including _id) whose every field the query fixes, else null. */
  Iterable<Object> uniqueIndexPositions(Map<String, QueryPlan.FieldCondition> conditions) {
    for (Index<Object> index : indexes) {
      if (!index.isUnique()) {
        continue;
      }
      Document lookup = new Document();
      for (var key : index.getKeys()) {
        QueryPlan.FieldCondition condition = conditions.get(key.getKey());
        if (condition == null || condition.equals() == null) {
          lookup = null;
          break;
        }
        List<Object> values = condition.equals();
        lookup.put(key.getKey(), values.size() == 1 ? values.get(0) : new Document("$in", values));
      }
      if (lookup != null && index.canHandle(lookup)) {
        return index.getPositions(lookup);
      }
    }
    return null;
  }

  /**
   * A top-level {@code $or} whose every branch an index serves: the union of the branches'
   * candidates (the full query still decides). Null if a branch would need a scan.
   */
  Set<Object> orBranchPositions(Document query) {
    if (query.get("$and") instanceof List<?> parts && !query.containsKey("$or")) {
      // {$and: [..., {$or: [...]}, ...]}: any one served $or bounds the result; the smallest union wins.
      Set<Object> best = null;
      for (Object part : parts) {
        if (part instanceof Document conjunct && conjunct.containsKey("$or")) {
          Set<Object> candidates = orBranchPositions(conjunct);
          if (candidates != null && (best == null || candidates.size() < best.size())) {
            best = candidates;
          }
        }
      }
      return best;
    }
    if (!(query.get("$or") instanceof List<?> branches) || branches.isEmpty()) {
      return null;
    }
    Set<Object> positions = new LinkedHashSet<>();
    for (Object branch : branches) {
      if (!(branch instanceof Document document)) {
        return null;
      }
      Map<String, QueryPlan.FieldCondition> conditions = QueryPlan.conditions(document);
      if (conditions.isEmpty()) {
        return null;
      }
      Iterable<Object> unique = uniqueIndexPositions(conditions);
      if (unique != null) {
        unique.forEach(positions::add);
        continue;
      }
      QueryPlan plan = bestSecondaryPlan(conditions, null);
      if (plan == null) {
        return null;
      }
      for (Object[][] range : plan.ranges()) {
        for (SecondaryIndex.Entry entry : plan.index().range(range[0], range[1], false)) {
          positions.add(entry.position());
        }
      }
    }
    return positions;
  }

  QueryPlan bestSecondaryPlan(Map<String, QueryPlan.FieldCondition> conditions, Document orderBy) {
    QueryPlan best = null;
    for (Index<Object> index : indexes) {
      if (index instanceof SecondaryIndex secondary) {
        QueryPlan plan = QueryPlan.of(secondary, conditions, orderBy);
        if (plan != null && (best == null || plan.score() > best.score())) {
          best = plan;
        }
      }
    }
    return best;
  }
}
