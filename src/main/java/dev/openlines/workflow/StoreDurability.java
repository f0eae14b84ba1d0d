package dev.openlines.workflow;

import org.springframework.beans.factory.ObjectProvider;

/**
 * How a thread's store writes reach the disk. The embedded store acknowledges a write only once it is
 * committed (and forced to the disk), so a job handler that writes five times in a row waited for five
 * disk flushes. Writes that need to be durable only before some later moment (a job's result reaching
 * the engine, an API's answer) may share one commit ({@link #deferDurability()}), and
 * {@link #awaitDurable()} waits for it at that moment ({@link DurableJobClient}; an operator's close).
 */
public interface StoreDurability {

  /** Every write is durable when acknowledged (an external MongoDB with its own write concern). */
  StoreDurability IMMEDIATE = new StoreDurability() {
    @Override
    public Scope deferDurability() {
      return () -> {};
    }

    @Override
    public void awaitDurable() {}
  };

  /** The runtime's store durability: the embedded store's when it runs, else every write durable at once. */
  static StoreDurability of(ObjectProvider<StoreDurability> runtime) {
    return runtime.getIfAvailable(() -> IMMEDIATE);
  }

  /** Until the scope is closed, this thread's writes are acknowledged before they are durable. */
  Scope deferDurability();

  /** Returns once every write this thread made in its scope is durable. */
  void awaitDurable();

  /** The span of one job handler, or of one request whose writes share a commit. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
