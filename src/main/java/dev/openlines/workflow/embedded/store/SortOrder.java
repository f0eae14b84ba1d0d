package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A query's sort order ({@code {field: 1 | -1, ...}}, MongoDB's comparison of values) applied, when no index
 * serves it, to the documents an index narrowed the query to (before they are matched, so a limited page
 * matches only its first few) or to those a scan matched. Each document's sort values are read once, not in every
 * comparison: mongo-java-server's comparator splits each field's path with a regular expression per
 * comparison, so an EVENLY offer over a queue of 200 operators did ~3,000 of those, and the allocations
 * grew with the queue as n log n.
 */
final class SortOrder {

  private final String[] fields;
  private final ValueComparator[] directions;

  SortOrder(Document orderBy) {
    fields = orderBy.keySet().toArray(String[]::new);
    directions = new ValueComparator[fields.length];
    for (int i = 0; i < fields.length; i++) {
      directions[i] = ((Number) orderBy.get(fields[i])).intValue() > 0 ? ValueComparator.asc() : ValueComparator.desc();
    }
  }

  /** The documents in this order; equal ones keep the order they came in. */
  List<Document> sort(List<Document> documents) {
    List<Keyed> keyed = new ArrayList<>(documents.size());
    for (Document document : documents) {
      Object[] values = new Object[fields.length];
      for (int i = 0; i < fields.length; i++) {
        values[i] = Utils.getSubdocumentValueCollectionAware(document, fields[i]);
      }
      keyed.add(new Keyed(values, document));
    }
    keyed.sort(byValues());
    List<Document> sorted = new ArrayList<>(keyed.size());
    for (Keyed entry : keyed) {
      sorted.add(entry.document());
    }
    return sorted;
  }

  private Comparator<Keyed> byValues() {
    return (a, b) -> {
      for (int i = 0; i < fields.length; i++) {
        int compared = directions[i].compare(a.values()[i], b.values()[i]);
        if (compared != 0) {
          return compared;
        }
      }
      return 0;
    };
  }

  private record Keyed(Object[] values, Document document) {}
}
