package dev.openlines.workflow.embedded.state;

import io.camunda.zeebe.db.TransactionOperation;
import io.camunda.zeebe.db.ZeebeDbTransaction;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A transaction's writes, kept apart from the committed state until {@link #commit()}: reads and
 * walks of the same transaction see them first. Used by one thread at a time (its context's owner).
 */
final class HeapTransaction implements ZeebeDbTransaction {

  /** Marks a key the transaction deleted; compared by identity, since real values may be empty. */
  private static final byte[] DELETED = new byte[0];

  private final HeapStateStore store;

  @SuppressWarnings("unchecked")
  private final TreeMap<byte[], byte[]>[] writes = new TreeMap[ZbColumnFamilies.values().length];

  private boolean dirty;
  private boolean open;

  HeapTransaction(HeapStateStore store) {
    this.store = store;
  }

  boolean isOpen() {
    return open;
  }

  void begin() {
    discardWrites();
    open = true;
  }

  @Override
  public void run(TransactionOperation operations) throws Exception {
    operations.run();
  }

  @Override
  public void commit() {
    open = false;
    if (dirty) {
      store.apply(writes, DELETED);
      discardWrites();
    }
  }

  @Override
  public void rollback() {
    open = false;
    discardWrites();
  }

  private void discardWrites() {
    if (!dirty) {
      return;
    }
    for (TreeMap<byte[], byte[]> changes : writes) {
      if (changes != null) {
        changes.clear();
      }
    }
    dirty = false;
  }

  void put(int columnFamily, byte[] key, byte[] value) {
    writesOf(columnFamily).put(key, value);
    dirty = true;
  }

  void delete(int columnFamily, byte[] key) {
    put(columnFamily, key, DELETED);
  }

  byte[] get(int columnFamily, byte[] key) {
    TreeMap<byte[], byte[]> changes = writes[columnFamily];
    byte[] written = changes == null ? null : changes.get(key);
    if (written != null) {
      return written == DELETED ? null : written;
    }
    return store.committedValue(columnFamily, key);
  }

  /**
   * Visits the live entries whose keys start with {@code prefix}, from {@code seek} on, in key order, until
   * the visitor returns false. Each step looks up the next key afresh, so the visitor may write and delete
   * (its own key or any other) while the walk goes on, and the walk sees those changes.
   */
  void walk(int columnFamily, byte[] seek, byte[] prefix, EntryVisitor visitor) {
    store.withoutCommits(() -> walkUnlocked(columnFamily, seek, prefix, visitor));
  }

  private void walkUnlocked(int columnFamily, byte[] seek, byte[] prefix, EntryVisitor visitor) {
    TreeMap<byte[], byte[]> changes = writes[columnFamily];
    byte[] cursor = seek;
    boolean inclusive = true;
    while (true) {
      Map.Entry<byte[], byte[]> base = store.committedEntryFrom(columnFamily, cursor, inclusive);
      Map.Entry<byte[], byte[]> own =
          changes == null || changes.isEmpty() ? null : (inclusive ? changes.ceilingEntry(cursor) : changes.higherEntry(cursor));
      Map.Entry<byte[], byte[]> next;
      if (own == null) {
        next = base;
      } else if (base == null) {
        next = own;
      } else {
        next = Arrays.compareUnsigned(own.getKey(), base.getKey()) <= 0 ? own : base;
      }
      if (next == null || !startsWith(next.getKey(), prefix)) {
        return;
      }
      cursor = next.getKey();
      inclusive = false;
      // On equal keys the transaction's own write was picked: it replaces (or deletes) the committed one.
      byte[] value = next.getValue();
      if (value != DELETED && !visitor.visit(cursor, value)) {
        return;
      }
    }
  }

  private TreeMap<byte[], byte[]> writesOf(int columnFamily) {
    TreeMap<byte[], byte[]> changes = writes[columnFamily];
    if (changes == null) {
      changes = new TreeMap<>(Arrays::compareUnsigned);
      writes[columnFamily] = changes;
    }
    return changes;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  @FunctionalInterface
  interface EntryVisitor {
    boolean visit(byte[] key, byte[] value);
  }
}
