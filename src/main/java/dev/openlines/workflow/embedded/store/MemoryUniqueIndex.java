package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A unique index in a hash map (the {@code _id} index only for ids that are not texts or ObjectIds, see
 * {@link DocumentIdIndex}), rebuilt from the stored documents when the collection opens, so it always agrees
 * with them after a crash. Kept in an MVStore map it cost more than the query it served: MVStore compares
 * keys it has no type for ({@link KeyValue}) by Java-serializing both sides at every step of its binary search.
 *
 * <p>Keys are held compactly, not as the {@link KeyValue} the base class hands over (a KeyValue, an
 * ArrayList and its array: ~64 bytes per document on top of the map's own node): a one-field key is
 * its value itself (for {@code _id} the very instance that is the position, so the entry costs the
 * map node only), a compound key one small object around an array of its values. Both compare as the KeyValue did
 * (list equality of the same normalized values).
 */
final class MemoryUniqueIndex extends AbstractUniqueIndex<Object> {

  /** Stands for a null (or missing) value of a one-field key: a map key cannot be null. */
  private enum NullKey {
    INSTANCE
  }

  private final Map<Object, Object> positions = new ConcurrentHashMap<>();

  MemoryUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
    super(name, keys, sparse);
  }

  static Object compact(KeyValue keyValue) {
    if (keyValue.size() == 1) {
      Object value = keyValue.get(0);
      return value == null ? NullKey.INSTANCE : value;
    }
    Object[] values = new Object[keyValue.size()];
    for (int i = 0; i < values.length; i++) {
      // Each field alone recurs (a client's id in every message of theirs): one shared instance, as in the
      // secondary indexes over the same fields.
      values[i] = IndexKeys.shared(keyValue.get(i));
    }
    return new CompoundKey(values);
  }

  static KeyValue expanded(Object key) {
    if (key instanceof CompoundKey compound) {
      return new KeyValue(Arrays.asList(compound.values));
    }
    Object value = key == NullKey.INSTANCE ? null : key;
    return new KeyValue(new Object[] {value});
  }

  /** The values of a key over several fields, equal when all are (as two KeyValues of them are). */
  private static final class CompoundKey {
    private final Object[] values;

    CompoundKey(Object[] values) {
      this.values = values;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof CompoundKey that && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }
  }

  @Override
  protected Object removeDocument(KeyValue keyValue) {
    return positions.remove(compact(keyValue));
  }

  @Override
  protected boolean putKeyPosition(KeyValue keyValue, Object position) {
    Object key = compact(keyValue);
    // The _id index: key and position are equal values decoded separately; keep one instance of the two
    // (with a million documents stored, the second copy of every _id was ~80 MB of heap).
    if (position != null && position.equals(key)) {
      key = position;
    }
    return positions.putIfAbsent(key, Missing.ofNullable(position)) == null;
  }

  @Override
  protected Iterable<Entry<KeyValue, Object>> getIterable() {
    return () -> positions.entrySet().stream()
        .map(e -> (Entry<KeyValue, Object>) new SimpleImmutableEntry<>(expanded(e.getKey()), e.getValue()))
        .iterator();
  }

  @Override
  protected Object getPosition(KeyValue keyValue) {
    return positions.get(compact(keyValue));
  }

  @Override
  public long getCount() {
    return positions.size();
  }

  @Override
  public boolean isEmpty() {
    return positions.isEmpty();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }
}
