package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The index keys of one document: the value of each indexed field, one key per array element
 * (multikey), with numbers normalized the way mongo-java-server compares them.
 */
final class IndexKeys {

  private static final int SMALL_LOW = -128;
  private static final int SMALL_HIGH = 1024;
  /** The whole numbers most documents store, boxed once (-0.0 included: it is 0.0). */
  private static final Double[] SMALL = new Double[SMALL_HIGH - SMALL_LOW + 1];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = (double) (i + SMALL_LOW);
    }
  }

  private IndexKeys() {}

  static List<Object[]> of(Document document, List<String> fields) {
    List<Object[]> keys = new ArrayList<>();
    keys.add(new Object[fields.size()]);
    for (int i = 0; i < fields.size(); i++) {
      Object value = Utils.getSubdocumentValueCollectionAware(document, fields.get(i));
      List<Object> values = new ArrayList<>();
      if (value instanceof Collection<?> elements) {
        for (Object element : elements) {
          values.add(held(element));
        }
        if (values.isEmpty()) {
          // MongoDB indexes an empty array as undefined; it must still be found by its other fields.
          values.add(null);
        }
      } else {
        values.add(held(value));
      }
      List<Object[]> expanded = new ArrayList<>(keys.size() * values.size());
      for (Object[] key : keys) {
        for (Object v : values) {
          Object[] copy = key.clone();
          copy[i] = v;
          expanded.add(copy);
        }
      }
      keys = expanded;
    }
    return keys;
  }

  /**
   * A value as an index entry holds it: normalized, and a text of any length as its one shared instance.
   * The same ids recur in entry after entry and collection after collection (a conversation's id in each
   * of its messages, offers and cards, a client's id in each of their messages); decoded, each document
   * brings its own copy. With the documents' ids shared as well ({@link StoreCollection}), a store of 100,000
   * closed conversations of one message each takes 304 MB of heap instead of 422 ({@code StoreHeapBench}).
   */
  static Object held(Object value) {
    return shared(normalize(value));
  }

  /** A text as its one shared instance (the JVM's string table, which lets go of texts nothing holds); else the value. */
  static Object shared(Object value) {
    return value instanceof String text ? text.intern() : value;
  }

  /**
   * Null for null and missing; every number as a double unless a long cannot be one exactly. Texts stay as they
   * are: a query's values are compared, not held; {@link #held} shares the texts an entry keeps.
   */
  static Object normalize(Object value) {
    if (Missing.isNullOrMissing(value)) {
      return null;
    }
    if (value instanceof Long l && l.longValue() != (long) l.doubleValue()) {
      return value;
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (d >= SMALL_LOW && d <= SMALL_HIGH && d == Math.rint(d)) {
        // Rounds, attempts, counters, flags stored as numbers: one shared instance each, not a box per entry.
        return SMALL[(int) d - SMALL_LOW];
      }
      return d;
    }
    if (value instanceof Map<?, ?> map) {
      Document result = new Document();
      map.forEach((k, v) -> result.put((String) k, normalize(v)));
      return result;
    }
    if (value instanceof Collection<?> collection) {
      List<Object> result = new ArrayList<>(collection.size());
      collection.forEach(v -> result.add(normalize(v)));
      return result;
    }
    return value;
  }
}
