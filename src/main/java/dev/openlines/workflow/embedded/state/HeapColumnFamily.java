package dev.openlines.workflow.embedded.state;

import io.camunda.zeebe.db.ColumnFamily;
import io.camunda.zeebe.db.DbKey;
import io.camunda.zeebe.db.DbValue;
import io.camunda.zeebe.db.KeyValuePairVisitor;
import io.camunda.zeebe.db.impl.rocksdb.DbNullKey;
import io.camunda.zeebe.protocol.ColumnFamilyScope;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One column family of {@link HeapStateStore}, with the semantics of Zeebe's RocksDB column family
 * (consistency checks off): keys and values are written to byte arrays, a read wraps the shared key
 * and value instances over the stored arrays, which are never changed once stored.
 */
final class HeapColumnFamily<K extends DbKey, V extends DbValue> implements ColumnFamily<K, V> {

  private final ZbColumnFamilies columnFamily;
  private final int index;
  private final HeapTransactionContext context;
  private final K keyInstance;
  private final V valueInstance;
  private final ExpandableArrayBuffer keyBuffer = new ExpandableArrayBuffer();
  private final ExpandableArrayBuffer valueBuffer = new ExpandableArrayBuffer();
  private final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);

  HeapColumnFamily(ZbColumnFamilies columnFamily, HeapTransactionContext context, K keyInstance, V valueInstance) {
    this.columnFamily = columnFamily;
    this.index = columnFamily.ordinal();
    this.context = context;
    this.keyInstance = keyInstance;
    this.valueInstance = valueInstance;
  }

  @Override
  public void insert(K key, V value) {
    upsert(key, value);
  }

  @Override
  public void update(K key, V value) {
    upsert(key, value);
  }

  @Override
  public void upsert(K key, V value) {
    inTransaction(transaction -> {
      int length = value.write(valueBuffer, 0);
      transaction.put(index, keyBytes(key), Arrays.copyOf(valueBuffer.byteArray(), length));
    });
  }

  @Override
  public V get(K key) {
    byte[] stored = stored(key);
    if (stored == null) {
      return null;
    }
    valueView.wrap(stored);
    valueInstance.wrap(valueView, 0, stored.length);
    return valueInstance;
  }

  @Override
  public V get(K key, Supplier<V> valueSupplier) {
    byte[] stored = stored(key);
    if (stored == null) {
      return null;
    }
    V value = valueSupplier.get();
    value.wrap(new UnsafeBuffer(stored), 0, stored.length);
    return value;
  }

  @Override
  public void forEach(Consumer<V> consumer) {
    walk(DbNullKey.INSTANCE, DbNullKey.INSTANCE, (k, v) -> {
      consumer.accept(v);
      return true;
    });
  }

  @Override
  public void forEach(BiConsumer<K, V> consumer) {
    walk(DbNullKey.INSTANCE, DbNullKey.INSTANCE, (k, v) -> {
      consumer.accept(k, v);
      return true;
    });
  }

  /** From {@code startAtKey} on, or from the first key if it is null (the job timeout checker's first run). */
  @Override
  public void whileTrue(K startAtKey, KeyValuePairVisitor<K, V> visitor) {
    walk(startAtKey == null ? DbNullKey.INSTANCE : startAtKey, DbNullKey.INSTANCE, visitor);
  }

  @Override
  public void whileTrue(KeyValuePairVisitor<K, V> visitor) {
    walk(DbNullKey.INSTANCE, DbNullKey.INSTANCE, visitor);
  }

  @Override
  public void whileEqualPrefix(DbKey keyPrefix, BiConsumer<K, V> visitor) {
    walk(keyPrefix, keyPrefix, (k, v) -> {
      visitor.accept(k, v);
      return true;
    });
  }

  @Override
  public void whileEqualPrefix(DbKey keyPrefix, KeyValuePairVisitor<K, V> visitor) {
    walk(keyPrefix, keyPrefix, visitor);
  }

  @Override
  public void whileEqualPrefix(DbKey keyPrefix, K startAtKey, KeyValuePairVisitor<K, V> visitor) {
    walk(startAtKey == null ? keyPrefix : startAtKey, keyPrefix, visitor);
  }

  @Override
  public void deleteExisting(K key) {
    deleteIfExists(key);
  }

  @Override
  public void deleteIfExists(K key) {
    inTransaction(transaction -> transaction.delete(index, keyBytes(key)));
  }

  @Override
  public boolean exists(K key) {
    return stored(key) != null;
  }

  @Override
  public boolean isEmpty() {
    return countUpTo(DbNullKey.INSTANCE, 1) == 0;
  }

  @Override
  public long count() {
    return countUpTo(DbNullKey.INSTANCE, Long.MAX_VALUE);
  }

  @Override
  public long countEqualPrefix(DbKey prefix) {
    return countUpTo(prefix, Long.MAX_VALUE);
  }

  @Override
  public ColumnFamilyScope partitionScope() {
    return columnFamily.partitionScope();
  }

  /** The value stored under {@code key} as this transaction sees it, or null. */
  private byte[] stored(K key) {
    byte[][] found = new byte[1][];
    inTransaction(transaction -> found[0] = transaction.get(index, keyBytes(key)));
    return found[0];
  }

  private long countUpTo(DbKey prefix, long limit) {
    long[] count = new long[1];
    inTransaction(transaction -> {
      byte[] prefixBytes = keyBytes(prefix);
      transaction.walk(index, prefixBytes, prefixBytes, (key, value) -> ++count[0] < limit);
    });
    return count[0];
  }

  private void walk(DbKey seek, DbKey prefix, KeyValuePairVisitor<K, V> visitor) {
    inTransaction(transaction -> {
      // Both copied before the walk: the visitor may use this column family (and its key buffer) again.
      byte[] prefixBytes = keyBytes(prefix);
      byte[] seekBytes = seek == prefix ? prefixBytes : keyBytes(seek);
      transaction.walk(index, seekBytes, prefixBytes, (key, value) -> {
        keyView.wrap(key);
        keyInstance.wrap(keyView, 0, key.length);
        valueView.wrap(value);
        valueInstance.wrap(valueView, 0, value.length);
        return visitor.visit(keyInstance, valueInstance);
      });
    });
  }

  private byte[] keyBytes(DbKey key) {
    int length = key.write(keyBuffer, 0);
    return Arrays.copyOf(keyBuffer.byteArray(), length);
  }

  private void inTransaction(TransactionStep step) {
    context.runInTransaction(() -> step.run(context.transaction()));
  }

  @FunctionalInterface
  private interface TransactionStep {
    void run(HeapTransaction transaction) throws Exception;
  }
}
