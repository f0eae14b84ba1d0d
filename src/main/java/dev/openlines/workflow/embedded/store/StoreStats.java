package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.bson.Document;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the store's queries cost: documents examined against documents returned, in total and per
 * query shape (collection, plan, fields and operators with the values left out). A query that
 * examines far more than it returns is a scan an index should serve.
 */
public final class StoreStats {

  /** Shapes beyond this many are counted in the totals only. */
  private static final int MAX_SHAPES = 1_000;

  private final LongAdder queries = new LongAdder();
  private final LongAdder examined = new LongAdder();
  private final LongAdder returned = new LongAdder();
  private final LongAdder scans = new LongAdder();
  private final LongAdder commits = new LongAdder();
  private final LongAdder deferred = new LongAdder();
  private final Map<String, ShapeCounter> shapes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> commands = new ConcurrentHashMap<>();

  /** Totals and per-shape counts of one query shape. */
  public record Shape(String shape, long queries, long examined, long returned) {}

  private static final class ShapeCounter {
    final LongAdder queries = new LongAdder();
    final LongAdder examined = new LongAdder();
    final LongAdder returned = new LongAdder();
  }

  void record(String collection, String plan, Document query, Document orderBy, long examinedDocs, long returnedDocs) {
    queries.increment();
    examined.add(examinedDocs);
    returned.add(returnedDocs);
    if (plan.equals("scan")) {
      scans.increment();
    }
    String key = collection + " " + plan + " " + shapeOf(query) + (orderBy == null || orderBy.isEmpty() ? "" : " sort " + orderBy.keySet());
    ShapeCounter counter = shapes.get(key);
    if (counter == null && shapes.size() < MAX_SHAPES) {
      counter = shapes.computeIfAbsent(key, k -> new ShapeCounter());
    }
    if (counter != null) {
      counter.queries.increment();
      counter.examined.add(examinedDocs);
      counter.returned.add(returnedDocs);
    }
  }

  /** One command a client sent (after authentication), by its name and collection: "find conversations". */
  void command(String name, Object collection) {
    String key = collection instanceof String c ? name + " " + c : name;
    LongAdder counter = commands.get(key);
    if (counter == null && commands.size() < MAX_SHAPES) {
      counter = commands.computeIfAbsent(key, k -> new LongAdder());
    }
    if (counter != null) {
      counter.increment();
    }
  }

  /**
   * Commands received per name and collection since the last {@link #resetCommands()}: round trips a
   * caller made, whatever they cost (a conversation's path is guarded by their count).
   */
  public Map<String, Long> commands() {
    Map<String, Long> out = new java.util.TreeMap<>();
    commands.forEach((key, count) -> out.put(key, count.sum()));
    return out;
  }

  public void resetCommands() {
    commands.clear();
  }

  void committed() {
    commits.increment();
  }

  void deferred() {
    deferred.increment();
  }

  /** Writes acknowledged before their commit (write concern {j: false}), to be made durable by a barrier. */
  public long deferredWrites() {
    return deferred.sum();
  }

  public long queries() {
    return queries.sum();
  }

  public long examined() {
    return examined.sum();
  }

  public long returned() {
    return returned.sum();
  }

  /** Queries that read the whole collection because no index could narrow them. */
  public long scans() {
    return scans.sum();
  }

  /** Group commits written to the file. */
  public long commits() {
    return commits.sum();
  }

  public List<Shape> shapes() {
    return shapes.entrySet().stream()
        .map(e -> new Shape(e.getKey(), e.getValue().queries.sum(), e.getValue().examined.sum(), e.getValue().returned.sum()))
        .toList();
  }

  /** Forget the per-shape counts (tests measure one phase at a time). */
  public void resetShapes() {
    shapes.clear();
  }

  static String shapeOf(Object query) {
    if (query instanceof Document document) {
      StringBuilder out = new StringBuilder("{");
      document.forEach((key, value) -> {
        if (out.length() > 1) {
          out.append(", ");
        }
        out.append(key).append(": ").append(shapeOf(value));
      });
      return out.append('}').toString();
    }
    if (query instanceof Collection<?> values) {
      return values.stream().anyMatch(v -> v instanceof Document) ? "[" + values.stream().map(StoreStats::shapeOf).distinct().toList() + "]" : "[..]";
    }
    return "?";
  }
}
