package dev.openlines.workflow.embedded;

import dev.openlines.workflow.embedded.store.DocumentStore;
import java.nio.file.Path;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the embedded runtime. Read straight from the {@link Environment} because the runtime
 * starts before any bean exists, so {@code @ConfigurationProperties} binding is not available yet.
 *
 * @param enabled false on the {@code external} profile: then nothing is started in-process
 * @param storePath H2 file of the document store; blank keeps the store in memory only
 * @param storePort loopback port of the store; 0 picks a free one
 * @param storeDurability how far a write reaches before the store acknowledges it: FSYNC (the
 *     device: survives a power loss) or WRITE (the operating system: survives a crash of this process)
 * @param storeCompactionFillRate percent of the store file kept live by background compaction (10-90):
 *     lower costs less CPU while writing, higher keeps the file smaller
 * @param enginePort loopback gRPC port of the engine; 0 picks a free one
 * @param engineStateStore where the engine keeps its state while it runs: HEAP (sorted maps in this
 *     JVM's heap, the default) or ROCKSDB (Zeebe's RocksDB store under {@code engineStateDir}, off the heap)
 * @param engineStateDir directory under which the RocksDB state store lives while the engine runs
 * @param engineStateMemory memory budget of the RocksDB state store (block cache and write buffers)
 * @param engineRecordRetention number of recent, already processed log records kept for inspection
 *     (process assertions in tests); older processed records are dropped so memory stays flat
 */
public record EmbeddedRuntimeProperties(
    boolean enabled,
    String storePath,
    int storePort,
    DocumentStore.Durability storeDurability,
    int storeCompactionFillRate,
    int enginePort,
    EngineStateStore engineStateStore,
    Path engineStateDir,
    DataSize engineStateMemory,
    long engineRecordRetention) {

  public EmbeddedRuntimeProperties {
    if (storeCompactionFillRate < 10 || storeCompactionFillRate > 90) {
      throw new IllegalArgumentException(
          "openlines.embedded.store.compaction-fill-rate must be 10..90 (percent), was " + storeCompactionFillRate);
    }
    if (enginePort < 0 || enginePort > 65_535) {
      throw new IllegalArgumentException("openlines.embedded.engine.port must be 0..65535, was " + enginePort);
    }
    if (engineRecordRetention < 0) {
      throw new IllegalArgumentException(
          "openlines.embedded.engine.record-retention must be >= 0, was " + engineRecordRetention);
    }
    if (engineStateMemory.toMegabytes() < 8) {
      throw new IllegalArgumentException(
          "openlines.embedded.engine.state-memory must be at least 8MB, was " + engineStateMemory);
    }
  }

  static EmbeddedRuntimeProperties from(Environment env) {
    return new EmbeddedRuntimeProperties(
        env.getProperty("openlines.embedded.enabled", Boolean.class, true),
        env.getProperty("openlines.embedded.store.path", "./data/store.mv.db"),
        env.getProperty("openlines.embedded.store.port", Integer.class, 0),
        durability(env.getProperty("openlines.embedded.store.durability", "fsync")),
        env.getProperty("openlines.embedded.store.compaction-fill-rate", Integer.class, DocumentStore.DEFAULT_COMPACTION_FILL_RATE),
        env.getProperty("openlines.embedded.engine.port", Integer.class, 0),
        EngineStateStore.parse(env.getProperty("openlines.embedded.engine.state-store", "heap")),
        Path.of(env.getProperty("openlines.embedded.engine.state-dir", "./data/engine")),
        DataSize.parse(env.getProperty("openlines.embedded.engine.state-memory", "32MB")),
        env.getProperty("openlines.embedded.engine.record-retention", Long.class, 1_000L));
  }

  /** Engine settings for a stand-alone engine (tests, benchmarks) on a free loopback port. */
  public static EmbeddedRuntimeProperties engineOnly(Path stateDir, long recordRetention) {
    return new EmbeddedRuntimeProperties(
        true, "", 0, DocumentStore.Durability.FSYNC, DocumentStore.DEFAULT_COMPACTION_FILL_RATE, 0, EngineStateStore.HEAP, stateDir, DataSize.ofMegabytes(32), recordRetention);
  }

  /** The same engine settings with another state store. */
  public EmbeddedRuntimeProperties withEngineStateStore(EngineStateStore store) {
    return new EmbeddedRuntimeProperties(
        enabled, storePath, storePort, storeDurability, storeCompactionFillRate, enginePort, store, engineStateDir, engineStateMemory, engineRecordRetention);
  }

  /** Where the embedded engine keeps its state while it runs (it is rebuilt at every start either way). */
  public enum EngineStateStore {
    HEAP,
    ROCKSDB;

    /** {@code heap} or {@code rocksdb}, in any case, as the setting and the benchmarks' arguments give it. */
    public static EngineStateStore parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "openlines.embedded.engine.state-store must be heap or rocksdb, was '" + value + "'", e);
      }
    }
  }

  private static DocumentStore.Durability durability(String value) {
    try {
      return DocumentStore.Durability.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "openlines.embedded.store.durability must be fsync or write, was '" + value + "'", e);
    }
  }

  boolean storeInMemory() {
    return storePath == null || storePath.isBlank();
  }
}
