package dev.openlines.workflow;

/**
 * How a job handler's store writes reach the disk. The embedded store acknowledges a write only once
 * it is committed (and forced to the disk), so a handler that writes five times in a row waited for
 * five disk flushes. A handler's writes need to be durable only before the engine hears the job's
 * result: then they may share one commit ({@link #deferDurability()}), and {@link #awaitDurable()}
 * waits for it just before the result is reported ({@link DurableJobClient}).
 */
public interface JobStoreWrites {

  /** Every write is durable when acknowledged (an external MongoDB with its own write concern). */
  JobStoreWrites IMMEDIATE = new JobStoreWrites() {
    @Override
    public Scope deferDurability() {
      return () -> {};
    }

    @Override
    public void awaitDurable() {}
  };

  /** Until the scope is closed, this thread's writes are acknowledged before they are durable. */
  Scope deferDurability();

  /** Returns once every write this thread made in its scope is durable. */
  void awaitDurable();

  /** The span of one job handler. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
