package dev.openlines.workflow.embedded.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.db.AccessMetricsConfiguration;
import io.camunda.zeebe.db.ColumnFamily;
import io.camunda.zeebe.db.ConsistencyChecksSettings;
import io.camunda.zeebe.db.TransactionContext;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.ZeebeDbTransaction;
import io.camunda.zeebe.db.impl.DbCompositeKey;
import io.camunda.zeebe.db.impl.DbLong;
import io.camunda.zeebe.db.impl.DbString;
import io.camunda.zeebe.db.impl.rocksdb.RocksDbConfiguration;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory.SharedRocksDbResources;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap state store answers every column family operation the engine makes exactly as Zeebe's RocksDB store
 * does: the same random sequence of transactions (writes, deletes, rollbacks, prefix and range walks that stop
 * early or delete what they visit) runs on both, and every answer and the final content are compared.
 */
class HeapStateStoreTest {

  private static final String[] NAMES = {"", "a", "ab", "abc", "b", "ba", "x", "xyz", "\u00e9", "zz"};

  @TempDir Path directory;
  private SharedRocksDbResources rocksDbMemory;
  private ZeebeDb<ZbColumnFamilies> rocksDb;
  private HeapStateStore heap;

  @BeforeEach
  void open() throws Exception {
    rocksDbMemory = SharedRocksDbResources.allocate(32L << 20);
    rocksDb = new ZeebeRocksDbFactory<ZbColumnFamilies>(
            new RocksDbConfiguration().setMemoryLimit(32L << 20).setWalDisabled(true),
            new ConsistencyChecksSettings(false, false),
            new AccessMetricsConfiguration(AccessMetricsConfiguration.Kind.NONE, 1),
            SimpleMeterRegistry::new,
            rocksDbMemory,
            1)
        .createDb(Files.createDirectories(directory.resolve("rocksdb")).toFile());
    heap = new HeapStateStore();
  }

  @AfterEach
  void close() throws Exception {
    rocksDb.close();
    rocksDbMemory.close();
    heap.close();
  }

  @Test
  void answersEveryOperationAsTheRocksDbStoreDoes() throws Exception {
    Side expected = new Side(rocksDb);
    Side actual = new Side(heap);
    Random random = new Random(20261205L);
    for (int round = 0; round < 3_000; round++) {
      int seed = random.nextInt();
      boolean inOneTransaction = random.nextInt(4) > 0;
      boolean rollBack = random.nextInt(10) == 0;
      List<String> expectedAnswers = expected.run(new Random(seed), inOneTransaction, rollBack);
      List<String> actualAnswers = actual.run(new Random(seed), inOneTransaction, rollBack);
      assertThat(actualAnswers).as("round %d", round).isEqualTo(expectedAnswers);
      assertThat(actual.everything()).as("after round %d: %s", round, expectedAnswers).isEqualTo(expected.everything());
    }
    List<String> everything = actual.everything();
    assertThat(everything).isEqualTo(expected.everything()).isNotEmpty();
    // What it reports it holds (a gauge on /actuator/prometheus) is what it holds.
    assertThat(heap.entries()).isEqualTo(everything.size());
    long[] bytes = new long[1];
    actual.variables.forEach((k, v) -> bytes[0] += k.getLength() + v.getLength());
    actual.other.forEach((k, v) -> bytes[0] += k.getLength() + v.getLength());
    assertThat(heap.bytes()).isEqualTo(bytes[0]);
  }

  @Test
  void anotherContextSeesATransactionsWritesOnlyOnceCommittedAndAWalkSeesEachCommitWhole() throws Exception {
    Side writer = new Side(heap);
    Side reader = new Side(heap);
    ZeebeDbTransaction transaction = writer.context.getCurrentTransaction();
    transaction.run(() -> writer.put(1, "a", "one"));
    assertThat(reader.value(1, "a")).isNull();
    transaction.commit();
    assertThat(reader.value(1, "a")).isEqualTo("one");

    // Two keys always changed together: a walk by another thread never sees one changed without the other.
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger torn = new AtomicInteger();
    AtomicInteger walks = new AtomicInteger();
    CompletableFuture<Void> walking = CompletableFuture.runAsync(() -> {
      while (running.get()) {
        List<String> values = new ArrayList<>();
        reader.walkPrefix(2, (name, value) -> values.add(value));
        if (values.size() == 2 && !values.get(0).equals(values.get(1))) {
          torn.incrementAndGet();
        }
        walks.incrementAndGet();
      }
    });
    for (int i = 0; i < 20_000; i++) {
      String value = Integer.toString(i);
      ZeebeDbTransaction both = writer.context.getCurrentTransaction();
      both.run(() -> {
        writer.put(2, "a", value);
        writer.put(2, "b", value);
      });
      both.commit();
    }
    running.set(false);
    walking.get(30, TimeUnit.SECONDS);
    assertThat(walks.get()).isPositive();
    assertThat(torn).hasValue(0);
  }

  /** One store with one context and its column families, driven by a random script. */
  private static final class Side {
    final TransactionContext context;
    final DbLong number = new DbLong();
    final DbString name = new DbString();
    final DbCompositeKey<DbLong, DbString> key = new DbCompositeKey<>(number, name);
    final DbString value = new DbString();
    final ColumnFamily<DbCompositeKey<DbLong, DbString>, DbString> variables;
    final ColumnFamily<DbCompositeKey<DbLong, DbString>, DbString> other;

    Side(ZeebeDb<ZbColumnFamilies> db) {
      context = db.createContext();
      variables = db.createColumnFamily(ZbColumnFamilies.VARIABLES, context, key, value);
      other = db.createColumnFamily(ZbColumnFamilies.TIMERS, context, key, value);
    }

    List<String> run(Random random, boolean inOneTransaction, boolean rollBack) throws Exception {
      List<String> answers = new ArrayList<>(List.of("tx " + inOneTransaction + " rollback " + rollBack));
      int steps = 1 + random.nextInt(12);
      if (!inOneTransaction) {
        for (int i = 0; i < steps; i++) {
          step(random, answers, false);
        }
        return answers;
      }
      ZeebeDbTransaction transaction = context.getCurrentTransaction();
      transaction.run(() -> {
        for (int i = 0; i < steps; i++) {
          step(random, answers, true);
        }
      });
      if (rollBack) {
        transaction.rollback();
      } else {
        transaction.commit();
      }
      return answers;
    }

    private void step(Random random, List<String> answers, boolean inTransaction) {
      ColumnFamily<DbCompositeKey<DbLong, DbString>, DbString> family = random.nextInt(5) == 0 ? other : variables;
      long n = random.nextInt(6);
      String s = NAMES[random.nextInt(NAMES.length)];
      set(n, s);
      switch (random.nextInt(11)) {
        case 0, 1, 2 -> {
          value.wrapString("v" + random.nextInt(1_000) + "-".repeat(random.nextInt(20)));
          family.upsert(key, value);
          answers.add("put " + n + "/" + s + "=" + value);
        }
        case 3 -> {
          family.deleteIfExists(key);
          answers.add("delete " + n + "/" + s);
        }
        case 4 -> {
          DbString found = family.get(key);
          answers.add("get " + (found == null ? null : found.toString()));
        }
        case 5 -> answers.add("exists " + family.exists(key));
        case 6 -> {
          int stopAfter = random.nextInt(5);
          List<String> seen = new ArrayList<>();
          DbLong prefix = new DbLong();
          prefix.wrapLong(n);
          family.whileEqualPrefix(prefix, (k, v) -> {
            seen.add(k.first().getValue() + "/" + k.second() + "=" + v);
            return seen.size() <= stopAfter;
          });
          answers.add("prefix " + seen);
        }
        case 7 -> {
          List<String> seen = new ArrayList<>();
          // A null start key means from the first key (the engine's job timeout checker starts so).
          family.whileTrue(random.nextInt(4) == 0 ? null : key, (k, v) -> {
            seen.add(k.first().getValue() + "/" + k.second() + "=" + v);
            return seen.size() < 7;
          });
          answers.add("from " + seen);
        }
        case 8 -> {
          // Deletes what it visits, as the engine does when it removes a scope's variables.
          List<String> seen = new ArrayList<>();
          boolean deleteAll = random.nextBoolean();
          DbLong prefix = new DbLong();
          prefix.wrapLong(n);
          family.whileEqualPrefix(prefix, (k, v) -> {
            seen.add(k.first().getValue() + "/" + k.second() + "=" + v);
            if (deleteAll || seen.size() % 2 == 0) {
              family.deleteExisting(k);
            }
          });
          answers.add("deleted while walking " + seen);
        }
        case 9 -> {
          DbLong prefix = new DbLong();
          prefix.wrapLong(n);
          // The RocksDB store's counts open a transaction they never close when none is open (the engine
          // always counts inside its own), which would keep every later write uncommitted.
          answers.add(inTransaction
              ? "count " + family.count() + " " + family.countEqualPrefix(prefix) + " " + family.isEmpty()
              : "empty " + family.isEmpty());
        }
        default -> {
          DbLong prefix = new DbLong();
          prefix.wrapLong(n);
          List<String> seen = new ArrayList<>();
          family.whileEqualPrefix(prefix, key, (k, v) -> {
            seen.add(k.first().getValue() + "/" + k.second() + "=" + v);
            return true;
          });
          answers.add("prefix from " + seen);
        }
      }
    }

    List<String> everything() {
      List<String> all = new ArrayList<>();
      variables.forEach((k, v) -> all.add("variables " + k.first().getValue() + "/" + k.second() + "=" + v));
      other.forEach((k, v) -> all.add("other " + k.first().getValue() + "/" + k.second() + "=" + v));
      return all;
    }

    void put(long n, String s, String v) {
      set(n, s);
      value.wrapString(v);
      variables.upsert(key, value);
    }

    String value(long n, String s) {
      set(n, s);
      DbString found = variables.get(key);
      return found == null ? null : found.toString();
    }

    void walkPrefix(long n, java.util.function.BiConsumer<String, String> visitor) {
      DbLong prefix = new DbLong();
      prefix.wrapLong(n);
      // Its own key instances: the walk runs on another thread than the writer's.
      variables.whileEqualPrefix(prefix, (k, v) -> {
        visitor.accept(k.second().toString(), v.toString());
      });
    }

    private void set(long n, String s) {
      number.wrapLong(n);
      name.wrapString(s);
    }
  }
}
