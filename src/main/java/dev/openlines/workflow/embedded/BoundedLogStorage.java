package dev.openlines.workflow.embedded;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.BufferWriter;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The embedded engine's log, in memory, safe for concurrent readers and writers, and bounded.
 *
 * <p>A single-node engine without exporters reads each record once: the stream processor processes
 * it, and nothing reads it again (there is no restart from the log: the state store is discarded on
 * stop). So blocks are dropped once the stream processor has processed past them ({@link
 * #pruneProcessed}), except the most recent {@code retainedRecords} records that tests inspect
 * through the record stream. Memory therefore follows the unprocessed backlog plus the retention,
 * not the engine's uptime.
 *
 * <p>Blocks are kept in a skip-list keyed by their lowest position, so readers iterate and seek
 * without locks while the sequencer appends and the pruner removes. A reader whose next block was
 * pruned continues at the oldest block still kept; a seek below the oldest kept block lands on it.
 */
final class BoundedLogStorage implements LogStorage {

  private final ConcurrentSkipListMap<Long, Block> blocks = new ConcurrentSkipListMap<>();
  private final Set<CommitListener> commitListeners = new CopyOnWriteArraySet<>();
  private final AtomicLong retainedBytes = new AtomicLong();
  private final AtomicLong retainedRecords = new AtomicLong();
  private final AtomicLong appendedRecords = new AtomicLong();
  private final long recordsToRetain;
  private volatile long highestPosition = -1;
  private long nextIndex = 1;

  /** @param recordsToRetain processed records kept for inspection (newest first); 0 keeps none */
  BoundedLogStorage(long recordsToRetain) {
    if (recordsToRetain < 0) {
      throw new IllegalArgumentException("record retention must be >= 0, was " + recordsToRetain);
    }
    this.recordsToRetain = recordsToRetain;
  }

  @Override
  public LogStorageReader newReader() {
    return new Reader();
  }

  @Override
  public void append(
      long lowestPosition, long highestPosition, BufferWriter writer, AppendListener listener) {
    ByteBuffer buffer = ByteBuffer.allocate(writer.getLength());
    writer.write(new UnsafeBuffer(buffer), 0);
    append(lowestPosition, highestPosition, buffer, listener);
  }

  @Override
  public void append(
      long lowestPosition, long highestPosition, ByteBuffer block, AppendListener listener) {
    long index;
    // The sequencer already serialises appends; the lock keeps this class correct on its own.
    synchronized (this) {
      index = nextIndex++;
      blocks.put(lowestPosition, new Block(lowestPosition, highestPosition, block));
      long records = highestPosition - lowestPosition + 1;
      retainedRecords.addAndGet(records);
      appendedRecords.addAndGet(records);
      retainedBytes.addAndGet(block.capacity());
      this.highestPosition = highestPosition;
    }
    // Memory is the only medium: a block is durable ("committed") as soon as it is stored.
    listener.onWrite(index, highestPosition);
    listener.onCommit(index, highestPosition);
    commitListeners.forEach(CommitListener::onCommit);
  }

  /**
   * Drops every block whose records are all processed and older than the retention window.
   *
   * @param processedPosition position of the last record the stream processor has processed
   * @return number of records dropped
   */
  long pruneProcessed(long processedPosition) {
    long retentionBoundary = highestPosition - recordsToRetain;
    long boundary = Math.min(processedPosition, retentionBoundary);
    long dropped = 0;
    for (Map.Entry<Long, Block> head = blocks.firstEntry();
        head != null && head.getValue().highestPosition() <= boundary;
        head = blocks.firstEntry()) {
      if (blocks.remove(head.getKey(), head.getValue())) {
        Block block = head.getValue();
        long records = block.recordCount();
        retainedRecords.addAndGet(-records);
        retainedBytes.addAndGet(-block.data().capacity());
        dropped += records;
      }
    }
    return dropped;
  }

  /** Position of the oldest record still kept, or -1 when the log holds nothing. */
  long oldestRetainedPosition() {
    Map.Entry<Long, Block> first = blocks.firstEntry();
    return first == null ? -1 : first.getKey();
  }

  long retainedRecords() {
    return retainedRecords.get();
  }

  long retainedBytes() {
    return retainedBytes.get();
  }

  long appendedRecords() {
    return appendedRecords.get();
  }

  long recordsToRetain() {
    return recordsToRetain;
  }

  @Override
  public void addCommitListener(CommitListener listener) {
    commitListeners.add(listener);
  }

  @Override
  public void removeCommitListener(CommitListener listener) {
    commitListeners.remove(listener);
  }

  private record Block(long lowestPosition, long highestPosition, ByteBuffer data) {
    long recordCount() {
      return highestPosition - lowestPosition + 1;
    }
  }

  /** Iterates blocks in position order; its state is the key of the block next() returns next. */
  private final class Reader implements LogStorageReader {

    /** Lowest position of the block last returned; next() returns the first block above it. */
    private long lastReturned = Long.MIN_VALUE;

    private boolean returnedAny;

    @Override
    public void seek(long position) {
      // The block holding `position`, or the last one before it; below the oldest kept block
      // (never written, or already pruned) the oldest kept block; above the newest, the newest.
      Long key = position < 0 ? null : blocks.floorKey(position);
      if (key == null) {
        returnedAny = false;
      } else {
        returnedAny = true;
        lastReturned = key - 1;
      }
    }

    @Override
    public boolean hasNext() {
      return nextEntry() != null;
    }

    @Override
    public DirectBuffer next() {
      Map.Entry<Long, Block> entry = nextEntry();
      if (entry == null) {
        throw new NoSuchElementException();
      }
      lastReturned = entry.getKey();
      returnedAny = true;
      return new UnsafeBuffer(entry.getValue().data());
    }

    private Map.Entry<Long, Block> nextEntry() {
      return returnedAny ? blocks.higherEntry(lastReturned) : blocks.firstEntry();
    }

    @Override
    public void close() {}
  }
}
