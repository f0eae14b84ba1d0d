package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import dev.openlines.workflow.embedded.store.SecondaryIndex.Bound;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a query is served by one secondary index: the key ranges to read and whether reading them
 * in order already gives the requested sort (then a limit stops the read early).
 *
 * <p>Only conditions that narrow the candidates are taken from the query: equality, {@code $eq},
 * {@code $in} and the range operators on plain fields, at the top level or inside {@code $and}.
 * Everything else ({@code $or}, {@code $ne}, {@code $expr}, regular expressions, ...) is left to the
 * full query matcher, which still checks every candidate, so an index only ever narrows a read.
 */
record QueryPlan(SecondaryIndex index, List<Object[][]> ranges, boolean sortServed, boolean reverse, int score) {

  /** At most this many equality combinations ($in x $in) are read as separate ranges. */
  private static final int MAX_RANGES = 256;

  /** What one field's conditions allow: a list of values to equal, or a range (either end open). */
  record FieldCondition(List<Object> equals, Object lower, Object upper) {}

  static Map<String, FieldCondition> conditions(Document query) {
    Map<String, FieldCondition> conditions = new LinkedHashMap<>();
    collect(query, conditions);
    return conditions;
  }

  private static void collect(Document query, Map<String, FieldCondition> conditions) {
    for (Map.Entry<String, Object> entry : query.entrySet()) {
      String field = entry.getKey();
      Object value = entry.getValue();
      if (field.equals("$and") && value instanceof Collection<?> parts) {
        for (Object part : parts) {
          if (part instanceof Document document) {
            collect(document, conditions);
          }
        }
      } else if (!field.startsWith("$")) {
        FieldCondition condition = condition(value);
        if (condition != null) {
          conditions.merge(field, condition, QueryPlan::narrower);
        }
      }
    }
  }

  /** Both conditions hold: keep an equality, or join two ranges ($gte and $lt given separately). */
  private static FieldCondition narrower(FieldCondition a, FieldCondition b) {
    if (a.equals() != null) {
      return a;
    }
    if (b.equals() != null) {
      return b;
    }
    return new FieldCondition(null, a.lower() != null ? a.lower() : b.lower(), a.upper() != null ? a.upper() : b.upper());
  }

  private static FieldCondition condition(Object value) {
    if (value instanceof Document operators && isOperatorDocument(operators)) {
      if (operators.containsKey("$eq")) {
        return equality(List.of(nullSafe(operators.get("$eq"))));
      }
      if (operators.get("$in") instanceof Collection<?> values) {
        return equality(new ArrayList<>(values));
      }
      Object lower = operators.containsKey("$gte") ? operators.get("$gte") : operators.get("$gt");
      Object upper = operators.containsKey("$lte") ? operators.get("$lte") : operators.get("$lt");
      if ((lower == null && upper == null) || !scalar(lower) || !scalar(upper)) {
        return null;
      }
      return new FieldCondition(null, IndexKeys.normalize(lower), IndexKeys.normalize(upper));
    }
    return equality(List.of(nullSafe(value)));
  }

  private static Object nullSafe(Object value) {
    return value == null ? NullValue.INSTANCE : value;
  }

  /** Marks an equality with null inside an immutable list. */
  private enum NullValue {
    INSTANCE
  }

  private static FieldCondition equality(List<Object> values) {
    List<Object> normalized = new ArrayList<>(values.size());
    for (Object value : values) {
      Object v = value == NullValue.INSTANCE ? null : value;
      // An array matches as a whole or by element, a regex by pattern: the index cannot bound either.
      if (v instanceof Collection || BsonRegularExpression.isRegularExpression(v)
          || (v instanceof Document d && isOperatorDocument(d))) {
        return null;
      }
      normalized.add(IndexKeys.normalize(v));
    }
    // An empty $in matches nothing: no range to read at all.
    return new FieldCondition(normalized, null, null);
  }

  private static boolean scalar(Object bound) {
    return bound == null
        || !(bound instanceof Collection || bound instanceof Document || BsonRegularExpression.isRegularExpression(bound));
  }

  private static boolean isOperatorDocument(Document document) {
    return !document.isEmpty() && document.keySet().iterator().next().startsWith("$");
  }

  /** The plan for this index, or null when the query bounds none of its leading fields. */
  static QueryPlan of(SecondaryIndex index, Map<String, FieldCondition> conditions, Document orderBy) {
    List<String> fields = index.fields();
    List<List<Object>> equalities = new ArrayList<>();
    FieldCondition range = null;
    long combinations = 1;
    for (String field : fields) {
      FieldCondition condition = conditions.get(field);
      if (condition == null) {
        break;
      }
      if (condition.equals() != null) {
        if (index.sparse() && condition.equals().contains(null)) {
          break; // a sparse index does not hold the documents that lack the field
        }
        if (combinations * condition.equals().size() > MAX_RANGES) {
          break;
        }
        combinations *= condition.equals().size();
        equalities.add(condition.equals());
      } else {
        if (condition.lower() != null || condition.upper() != null) {
          range = condition;
        }
        break;
      }
    }
    if (equalities.isEmpty() && range == null) {
      return null;
    }
    int bound = equalities.size();
    List<Object[][]> ranges = new ArrayList<>();
    for (List<Object> prefix : product(equalities)) {
      Object[] from = new Object[fields.size()];
      Object[] to = new Object[fields.size()];
      for (int i = 0; i < fields.size(); i++) {
        if (i < bound) {
          from[i] = prefix.get(i);
          to[i] = prefix.get(i);
        } else if (i == bound && range != null) {
          boolean desc = index.descending(i);
          Object first = desc ? range.upper() : range.lower();
          Object last = desc ? range.lower() : range.upper();
          from[i] = first == null ? Bound.LOW : first;
          to[i] = last == null ? Bound.HIGH : last;
        } else {
          from[i] = Bound.LOW;
          to[i] = Bound.HIGH;
        }
      }
      ranges.add(new Object[][] {from, to});
    }
    Boolean reverse = ranges.size() == 1 ? sortDirection(index, bound, conditions, orderBy) : null;
    int score = bound * 4 + (range != null ? 2 : 0) + (reverse != null && orderBy != null && !orderBy.isEmpty() ? 1 : 0);
    return new QueryPlan(index, ranges, reverse != null, Boolean.TRUE.equals(reverse), score);
  }

  /**
   * Whether reading the index from the first unbound field on gives the requested order: null if
   * not, else true when the index must be read backwards.
   */
  private static Boolean sortDirection(
      SecondaryIndex index, int bound, Map<String, FieldCondition> conditions, Document orderBy) {
    if (orderBy == null || orderBy.isEmpty()) {
      return Boolean.FALSE;
    }
    if (orderBy.containsKey("$natural")) {
      return null;
    }
    List<String> fields = index.fields();
    Boolean reverse = null;
    int next = bound;
    for (Map.Entry<String, Object> sort : orderBy.entrySet()) {
      FieldCondition condition = conditions.get(sort.getKey());
      if (condition != null && condition.equals() != null && condition.equals().size() == 1
          && fields.indexOf(sort.getKey()) >= 0 && fields.indexOf(sort.getKey()) < bound) {
        continue; // one fixed value: any order of it is the same
      }
      if (next >= fields.size() || !fields.get(next).equals(sort.getKey())) {
        return null;
      }
      boolean ascending = ((Number) sort.getValue()).doubleValue() > 0;
      boolean backwards = ascending == index.descending(next);
      if (reverse != null && reverse != backwards) {
        return null;
      }
      reverse = backwards;
      next++;
    }
    return reverse == null ? Boolean.FALSE : reverse;
  }

  private static List<List<Object>> product(List<List<Object>> lists) {
    List<List<Object>> result = new ArrayList<>();
    result.add(List.of());
    for (List<Object> values : lists) {
      List<List<Object>> next = new ArrayList<>();
      for (List<Object> prefix : result) {
        for (Object value : values) {
          List<Object> extended = new ArrayList<>(prefix);
          extended.add(value);
          next.add(extended);
        }
      }
      result = next;
    }
    return result;
  }
}
