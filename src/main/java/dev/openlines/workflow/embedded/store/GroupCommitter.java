package dev.openlines.workflow.embedded.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the store's changes to its file before any write is acknowledged. A write's reply is
 * handed over here after the change is applied in memory; one thread commits the MVStore (and
 * forces it to the disk, if configured) and then sends every reply that was waiting when the commit
 * began. Writes that arrive while a commit runs share the next one (group commit), so the cost of
 * a commit is paid once per batch, not once per write.
 */
final class GroupCommitter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

  private final MVStore mvStore;
  private final boolean fsync;
  private final StoreStats stats;
  private final Thread thread;
  private final Object lock = new Object();
  private List<Consumer<RuntimeException>> waiting = new ArrayList<>();
  private boolean running = true;

  GroupCommitter(MVStore mvStore, boolean fsync, StoreStats stats) {
    this.mvStore = mvStore;
    this.fsync = fsync;
    this.stats = stats;
    this.thread = new Thread(this::run, "openlines-store-commit");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Runs {@code reply} once every change made before this call is in the file; with the failure if
   * the commit failed (then the write must not be acknowledged).
   */
  void afterCommit(Consumer<RuntimeException> reply) {
    synchronized (lock) {
      if (!running) {
        reply.accept(new IllegalStateException("The store is closing"));
        return;
      }
      waiting.add(reply);
      lock.notifyAll();
    }
  }

  private void run() {
    while (true) {
      List<Consumer<RuntimeException>> batch;
      synchronized (lock) {
        while (waiting.isEmpty() && running) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (waiting.isEmpty()) {
          return;
        }
        batch = waiting;
        waiting = new ArrayList<>();
      }
      RuntimeException failure = commit();
      for (Consumer<RuntimeException> reply : batch) {
        try {
          reply.accept(failure);
        } catch (RuntimeException e) {
          log.warn("Sending a reply after the commit failed", e);
        }
      }
    }
  }

  private RuntimeException commit() {
    try {
      mvStore.commit();
      if (fsync) {
        mvStore.sync();
      }
      stats.committed();
      return null;
    } catch (RuntimeException e) {
      log.error("Committing the store failed: the writes of this batch are answered with an error", e);
      return e;
    }
  }

  /** Sends the replies still waiting (after a last commit) and stops the thread. */
  @Override
  public void close() {
    synchronized (lock) {
      running = false;
      lock.notifyAll();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
