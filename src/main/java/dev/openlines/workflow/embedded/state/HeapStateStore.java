package dev.openlines.workflow.embedded.state;

import io.camunda.zeebe.db.ColumnFamily;
import io.camunda.zeebe.db.DbKey;
import io.camunda.zeebe.db.DbValue;
import io.camunda.zeebe.db.TransactionContext;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.DbNil;
import io.camunda.zeebe.db.impl.rocksdb.DbNullKey;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The engine's state in the heap: one sorted map of serialized keys to serialized values per column
 * family, ordered as RocksDB orders them (unsigned bytes), so prefix and range walks stay logarithmic
 * however many instances wait.
 *
 * <p>Why not RocksDB: the embedded engine rebuilds its state from nothing at every start (the
 * conversations are recovered from the document store), so the state never needs to reach a disk,
 * and half of the engine's CPU went to RocksDB's native calls and background compaction for data
 * that lives only as long as the process. Why not zeebe-process-test's in-memory database: its walks
 * are linear in the size of the state, so it slows to a crawl with a few thousand waiting instances.
 *
 * <p>One writer: the stream processor's transaction. Other contexts (the engine's scheduled tasks on
 * their own actor) only read. A commit applies a transaction's writes under the write lock and a walk
 * holds the read lock, so a walk sees each commit whole or not at all, as a RocksDB iterator does.
 */
public final class HeapStateStore implements ZeebeDb<ZbColumnFamilies> {

  @SuppressWarnings("unchecked")
  private final ConcurrentSkipListMap<byte[], byte[]>[] committed =
      new ConcurrentSkipListMap[ZbColumnFamilies.values().length];

  private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
  private final MeterRegistry meterRegistry = new SimpleMeterRegistry();
  /** Kept by {@link #apply} under the write lock; counting the maps would walk every entry. */
  private volatile long entries;
  private volatile long bytes;

  public HeapStateStore() {
    for (int i = 0; i < committed.length; i++) {
      committed[i] = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    }
  }

  @Override
  public <K extends DbKey, V extends DbValue> ColumnFamily<K, V> createColumnFamily(
      ZbColumnFamilies columnFamily, TransactionContext context, K keyInstance, V valueInstance) {
    return new HeapColumnFamily<>(columnFamily, (HeapTransactionContext) context, keyInstance, valueInstance);
  }

  @Override
  public TransactionContext createContext() {
    return new HeapTransactionContext(new HeapTransaction(this));
  }

  @Override
  public boolean isEmpty(ZbColumnFamilies columnFamily, TransactionContext context) {
    return createColumnFamily(columnFamily, context, DbNullKey.INSTANCE, DbNil.INSTANCE).isEmpty();
  }

  /** Snapshots belong to a replicated broker; this engine rebuilds its state from the log instead. */
  @Override
  public void createSnapshot(File snapshotDir) {
    throw new UnsupportedOperationException("The embedded engine's state is not snapshotted");
  }

  @Override
  public Optional<String> getProperty(String propertyName) {
    return Optional.empty();
  }

  @Override
  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  @Override
  public void close() {
    commitLock.writeLock().lock();
    try {
      for (ConcurrentSkipListMap<byte[], byte[]> map : committed) {
        map.clear();
      }
      entries = 0;
      bytes = 0;
    } finally {
      commitLock.writeLock().unlock();
    }
  }

  /** Entries held, over all column families. */
  public long entries() {
    return entries;
  }

  /** Bytes of the keys and values held (not counting the maps' own nodes, about 50-80 bytes per entry). */
  public long bytes() {
    return bytes;
  }

  byte[] committedValue(int columnFamily, byte[] key) {
    return committed[columnFamily].get(key);
  }

  /** The first committed entry at or after (or strictly after) {@code key}. */
  Map.Entry<byte[], byte[]> committedEntryFrom(int columnFamily, byte[] key, boolean inclusive) {
    return inclusive ? committed[columnFamily].ceilingEntry(key) : committed[columnFamily].higherEntry(key);
  }

  /**
   * Runs a walk with no commit applied meanwhile, so it sees each commit whole or not at all (as a
   * RocksDB iterator reads one snapshot). Only other contexts' walks can meet a commit: the writer
   * commits on its own thread, never inside a walk.
   */
  void withoutCommits(Runnable walk) {
    commitLock.readLock().lock();
    try {
      walk.run();
    } finally {
      commitLock.readLock().unlock();
    }
  }

  private void count(byte[] key, byte[] before, byte[] after) {
    long change = (after == null ? 0 : key.length + after.length) - (before == null ? 0 : key.length + before.length);
    entries += (after == null ? 0 : 1) - (before == null ? 0 : 1);
    bytes += change;
  }

  void apply(Map<byte[], byte[]>[] writes, byte[] deleted) {
    commitLock.writeLock().lock();
    try {
      for (int i = 0; i < writes.length; i++) {
        Map<byte[], byte[]> changes = writes[i];
        if (changes == null || changes.isEmpty()) {
          continue;
        }
        ConcurrentSkipListMap<byte[], byte[]> target = committed[i];
        for (Map.Entry<byte[], byte[]> change : changes.entrySet()) {
          byte[] key = change.getKey();
          byte[] value = change.getValue();
          if (value == deleted) {
            count(key, target.remove(key), null);
          } else {
            count(key, target.put(key, value), value);
          }
        }
      }
    } finally {
      commitLock.writeLock().unlock();
    }
  }
}
