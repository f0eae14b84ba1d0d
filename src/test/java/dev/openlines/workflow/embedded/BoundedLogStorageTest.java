package dev.openlines.workflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.logstreams.storage.LogStorage.AppendListener;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BoundedLogStorageTest {

  private static final AppendListener NO_LISTENER = new AppendListener() {};

  /** Appends blocks of {@code recordsPerBlock} records; each block's first long is its lowest position. */
  private static void appendBlocks(BoundedLogStorage storage, long fromPosition, int blocks, int recordsPerBlock) {
    for (int i = 0; i < blocks; i++) {
      long lowest = fromPosition + (long) i * recordsPerBlock;
      storage.append(lowest, lowest + recordsPerBlock - 1, block(lowest), NO_LISTENER);
    }
  }

  private static ByteBuffer block(long lowestPosition) {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    buffer.putLong(0, lowestPosition);
    return buffer;
  }

  private static List<Long> readAll(LogStorageReader reader) {
    List<Long> lowestPositions = new ArrayList<>();
    while (reader.hasNext()) {
      lowestPositions.add(reader.next().getLong(0, ByteOrder.BIG_ENDIAN));
    }
    return lowestPositions;
  }

  @Test
  void dropsProcessedBlocksBeyondTheRetentionAndKeepsUnprocessedOnes() {
    BoundedLogStorage storage = new BoundedLogStorage(20);
    appendBlocks(storage, 1, 100, 10); // positions 1..1000

    long dropped = storage.pruneProcessed(500);

    assertThat(dropped).isEqualTo(500);
    assertThat(storage.oldestRetainedPosition()).isEqualTo(501);
    assertThat(storage.retainedRecords()).isEqualTo(500);

    storage.pruneProcessed(1000);
    // Everything is processed: only the newest 20 records (two blocks) stay for inspection.
    assertThat(storage.retainedRecords()).isEqualTo(20);
    assertThat(storage.oldestRetainedPosition()).isEqualTo(981);
    assertThat(storage.appendedRecords()).isEqualTo(1000);
    assertThat(storage.retainedBytes()).isEqualTo(2 * 64);
  }

  @Test
  void withoutRetentionEveryProcessedBlockGoes() {
    BoundedLogStorage storage = new BoundedLogStorage(0);
    appendBlocks(storage, 1, 10, 5);

    storage.pruneProcessed(50);

    assertThat(storage.retainedRecords()).isZero();
    assertThat(storage.newReader().hasNext()).isFalse();
  }

  @Test
  void readerWhoseNextBlockWasPrunedContinuesAtTheOldestKeptBlock() {
    BoundedLogStorage storage = new BoundedLogStorage(0);
    appendBlocks(storage, 1, 10, 10);
    LogStorageReader reader = storage.newReader();
    assertThat(reader.next().getLong(0, ByteOrder.BIG_ENDIAN)).isEqualTo(1);

    storage.pruneProcessed(50);

    assertThat(readAll(reader)).containsExactly(51L, 61L, 71L, 81L, 91L);
  }

  @Test
  void seekFollowsTheReaderContractAndSurvivesPrunedPositions() {
    BoundedLogStorage storage = new BoundedLogStorage(0);
    appendBlocks(storage, 1, 10, 10);
    LogStorageReader reader = storage.newReader();

    reader.seek(35); // inside the block 31..40
    assertThat(reader.next().getLong(0, ByteOrder.BIG_ENDIAN)).isEqualTo(31);
    reader.seek(-1); // negative: the first block
    assertThat(reader.next().getLong(0, ByteOrder.BIG_ENDIAN)).isEqualTo(1);
    reader.seek(Long.MAX_VALUE); // beyond the end: the last block
    assertThat(readAll(reader)).containsExactly(91L);

    storage.pruneProcessed(60);
    reader.seek(15); // pruned: lands on the oldest kept block instead of failing
    assertThat(readAll(reader)).containsExactly(61L, 71L, 81L, 91L);
  }

  @Test
  void concurrentAppendsReadsAndPruningNeverFailAndKeepOrder() throws Exception {
    BoundedLogStorage storage = new BoundedLogStorage(100);
    int blocks = 20_000;
    AtomicBoolean writing = new AtomicBoolean(true);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(3);

    Thread writer =
        new Thread(
            () -> {
              try {
                appendBlocks(storage, 1, blocks, 3);
              } catch (Throwable t) {
                failures.add(t);
              } finally {
                writing.set(false);
                done.countDown();
              }
            });
    Thread pruner =
        new Thread(
            () -> {
              try {
                while (writing.get()) {
                  // Pretend the processor is a little behind the writer.
                  long newest = storage.appendedRecords();
                  storage.pruneProcessed(Math.max(0, newest - 300));
                }
              } catch (Throwable t) {
                failures.add(t);
              } finally {
                done.countDown();
              }
            });
    Thread reader =
        new Thread(
            () -> {
              try {
                LogStorageReader logReader = storage.newReader();
                long last = 0;
                while (writing.get() || logReader.hasNext()) {
                  if (logReader.hasNext()) {
                    long lowest = logReader.next().getLong(0, ByteOrder.BIG_ENDIAN);
                    if (lowest <= last) {
                      throw new AssertionError("read " + lowest + " after " + last);
                    }
                    last = lowest;
                  }
                }
              } catch (Throwable t) {
                failures.add(t);
              } finally {
                done.countDown();
              }
            });
    writer.start();
    pruner.start();
    reader.start();
    done.await();

    assertThat(failures).isEmpty();
    assertThat(storage.appendedRecords()).isEqualTo(blocks * 3L);
    storage.pruneProcessed(blocks * 3L);
    assertThat(storage.retainedRecords()).isLessThanOrEqualTo(102);
  }
}
