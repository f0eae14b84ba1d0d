package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * A non-unique (optionally compound, sparse, multikey) index kept in memory as a sorted set of
 * (key values, document id) entries, in the index's own order (descending fields reversed).
 *
 * <p>It lives in memory and is rebuilt from the stored documents when the store opens (see
 * {@link StoreCollection#addIndex}): the documents are the single source of truth, so an index can
 * never disagree with them after a crash. mongo-java-server itself ignores non-unique indexes.
 */
final class SecondaryIndex extends Index<Object> {

  /** Sorts before / after every value of an index field: open ends of a range. */
  enum Bound {
    LOW,
    HIGH
  }

  /**
   * One (key values, document id) entry: the values and the position in the entry's own fields, no
   * array or record around them. An index of a million documents holds a million of these; an entry
   * of one or two fields is one 24-byte object (a record holding a key array was 48 bytes).
   */
  abstract static sealed class Entry permits Entry1, Entry2, Entry3, EntryN {
    final Object position;

    Entry(Object position) {
      this.position = position;
    }

    static Entry of(Object[] key, Object position) {
      return switch (key.length) {
        case 1 -> new Entry1(key[0], position);
        case 2 -> new Entry2(key[0], key[1], position);
        case 3 -> new Entry3(key[0], key[1], key[2], position);
        default -> new EntryN(key, position);
      };
    }

    Object position() {
      return position;
    }

    abstract Object key(int field);
  }

  static final class Entry1 extends Entry {
    private final Object k0;

    Entry1(Object k0, Object position) {
      super(position);
      this.k0 = k0;
    }

    @Override
    Object key(int field) {
      return k0;
    }
  }

  static final class Entry2 extends Entry {
    private final Object k0;
    private final Object k1;

    Entry2(Object k0, Object k1, Object position) {
      super(position);
      this.k0 = k0;
      this.k1 = k1;
    }

    @Override
    Object key(int field) {
      return field == 0 ? k0 : k1;
    }
  }

  static final class Entry3 extends Entry {
    private final Object k0;
    private final Object k1;
    private final Object k2;

    Entry3(Object k0, Object k1, Object k2, Object position) {
      super(position);
      this.k0 = k0;
      this.k1 = k1;
      this.k2 = k2;
    }

    @Override
    Object key(int field) {
      return field == 0 ? k0 : field == 1 ? k1 : k2;
    }
  }

  static final class EntryN extends Entry {
    private final Object[] key;

    EntryN(Object[] key, Object position) {
      super(position);
      this.key = key;
    }

    @Override
    Object key(int field) {
      return key[field];
    }
  }

  private final List<String> fields;
  private final boolean[] descending;
  private final String idField;
  private final NavigableSet<Entry> entries;

  SecondaryIndex(String name, List<IndexKey> keys, boolean sparse, String idField) {
    super(name, keys, sparse);
    this.fields = keys.stream().map(IndexKey::getKey).toList();
    this.descending = new boolean[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      descending[i] = !keys.get(i).isAscending();
    }
    this.idField = idField;
    this.entries = new ConcurrentSkipListSet<>(entryOrder());
  }

  List<String> fields() {
    return fields;
  }

  boolean descending(int field) {
    return descending[field];
  }

  boolean sparse() {
    return isSparse();
  }

  private Comparator<Entry> entryOrder() {
    ValueComparator values = ValueComparator.asc();
    return (a, b) -> {
      for (int i = 0; i < descending.length; i++) {
        Object ka = a.key(i);
        Object kb = b.key(i);
        int c = compareValue(values, ka, kb);
        if (c != 0) {
          // Open range ends stay at the ends: LOW before and HIGH after every value, whatever the field's direction.
          boolean bound = ka instanceof Bound || kb instanceof Bound;
          return descending[i] && !bound ? -c : c;
        }
      }
      return compareValue(values, a.position(), b.position());
    };
  }

  /** Bounds sort outside every value regardless of the field's direction: LOW first, HIGH last. */
  private int compareValue(ValueComparator values, Object a, Object b) {
    if (a instanceof Bound || b instanceof Bound) {
      int ra = a == Bound.LOW ? -1 : a == Bound.HIGH ? 1 : 0;
      int rb = b == Bound.LOW ? -1 : b == Bound.HIGH ? 1 : 0;
      return Integer.compare(ra, rb);
    }
    return values.compare(a, b);
  }

  /** Entries between two keys (both inclusive), in index order or reversed. */
  Iterable<Entry> range(Object[] from, Object[] to, boolean reverse) {
    Entry lowest = Entry.of(from, Bound.LOW);
    Entry highest = Entry.of(to, Bound.HIGH);
    if (entries.comparator().compare(lowest, highest) > 0) {
      // A range that cannot match anything (e.g. a > 5 and a < 3, or a descending field's bounds swapped).
      return java.util.List.of();
    }
    NavigableSet<Entry> range = entries.subSet(lowest, true, highest, true);
    return reverse ? range.descendingSet() : range;
  }

  private boolean skipped(Document document) {
    return isSparse() && fields.stream().allMatch(f -> de.bwaldvogel.mongo.backend.Utils.getSubdocumentValue(document, f) instanceof de.bwaldvogel.mongo.backend.Missing);
  }

  private Object positionOf(Document document) {
    return document.get(idField);
  }

  @Override
  public Object getPosition(Document document) {
    // Positions are found through the _id index; a non-unique index cannot name one document.
    return null;
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Object> collection) {
    // Non-unique: nothing can conflict.
  }

  @Override
  public void add(Document document, Object position, MongoCollection<Object> collection) {
    if (skipped(document)) {
      return;
    }
    for (Object[] key : IndexKeys.of(document, fields)) {
      entries.add(Entry.of(key, position));
    }
  }

  @Override
  public Object remove(Document document) {
    Object position = positionOf(document);
    if (!skipped(document)) {
      for (Object[] key : IndexKeys.of(document, fields)) {
        entries.remove(Entry.of(key, position));
      }
    }
    return position;
  }

  @Override
  public boolean canHandle(Document query) {
    // Queries are planned by StoreCollection, which asks this index for ranges directly.
    return false;
  }

  @Override
  public Iterable<Object> getPositions(Document query) {
    throw new UnsupportedOperationException("planned by StoreCollection");
  }

  @Override
  public long getCount() {
    return entries.size();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }

  @Override
  public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    // Non-unique: nothing can conflict.
  }

  @Override
  public void updateInPlace(
      Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
    boolean wasSkipped = skipped(oldDocument);
    List<Object[]> oldKeys = wasSkipped ? List.of() : IndexKeys.of(oldDocument, fields);
    boolean isSkipped = skipped(newDocument);
    List<Object[]> newKeys = isSkipped ? List.of() : IndexKeys.of(newDocument, fields);
    if (sameKeys(oldKeys, newKeys)) {
      return;
    }
    for (Object[] key : oldKeys) {
      entries.remove(Entry.of(key, position));
    }
    for (Object[] key : newKeys) {
      entries.add(Entry.of(key, position));
    }
  }

  private static boolean sameKeys(List<Object[]> a, List<Object[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!java.util.Arrays.deepEquals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void drop() {
    entries.clear();
  }
}
