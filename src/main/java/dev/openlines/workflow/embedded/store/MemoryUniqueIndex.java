package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A unique index (the {@code _id} index included) in a hash map, rebuilt from the stored documents
 * when the collection opens, so it always agrees with them after a crash. Kept in an MVStore map it
 * cost more than the query it served: MVStore compares keys it has no type for ({@link KeyValue}) by
 * Java-serializing both sides at every step of its binary search.
 */
final class MemoryUniqueIndex extends AbstractUniqueIndex<Object> {

  private final Map<KeyValue, Object> positions = new ConcurrentHashMap<>();

  MemoryUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
    super(name, keys, sparse);
  }

  @Override
  protected Object removeDocument(KeyValue keyValue) {
    return positions.remove(keyValue);
  }

  @Override
  protected boolean putKeyPosition(KeyValue keyValue, Object position) {
    // The _id index: key and position are equal values decoded separately; keep one instance of the two
    // (with a million documents stored, the second copy of every _id was ~80 MB of heap).
    KeyValue key = keyValue.size() == 1 && position != null && position.equals(keyValue.get(0))
        ? new KeyValue(new Object[] {position})
        : keyValue;
    return positions.putIfAbsent(key, Missing.ofNullable(position)) == null;
  }

  @Override
  protected Iterable<Entry<KeyValue, Object>> getIterable() {
    return positions.entrySet();
  }

  @Override
  protected Object getPosition(KeyValue keyValue) {
    return positions.get(keyValue);
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
