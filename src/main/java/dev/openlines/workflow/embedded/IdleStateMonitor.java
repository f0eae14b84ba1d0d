package dev.openlines.workflow.embedded;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Tells when the engine has nothing left to do (the stream processor has processed the end of the
 * log and nothing new was appended for a short grace period) or when it is busy again. Counts log
 * commits itself instead of relying on zeebe-process-test's monitor, which is tied to its
 * unbounded log storage.
 */
final class IdleStateMonitor implements LogStorage.CommitListener {

  /** Two quiet checks this far apart: a command answered by a follow-up write is not "idle". */
  private static final Duration GRACE = Duration.ofMillis(50);

  private final StreamProcessor streamProcessor;
  private final AtomicLong commits = new AtomicLong();

  IdleStateMonitor(StreamProcessor streamProcessor) {
    this.streamProcessor = streamProcessor;
  }

  @Override
  public void onCommit() {
    commits.incrementAndGet();
  }

  void waitForIdle(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long seenCommits = commits.get();
    int quietChecks = 0;
    while (true) {
      long nowCommits = commits.get();
      if (nowCommits == seenCommits && processingReachedEnd()) {
        if (++quietChecks >= 2) {
          return;
        }
      } else {
        quietChecks = 0;
        seenCommits = nowCommits;
      }
      pause(deadline, "idle");
    }
  }

  void waitForBusy(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long startCommits = commits.get();
    while (commits.get() == startCommits && processingReachedEnd()) {
      pause(deadline, "busy");
    }
  }

  private boolean processingReachedEnd() {
    if (streamProcessor.isClosed() || streamProcessor.isFailed()) {
      return true;
    }
    try {
      return streamProcessor.hasProcessingReachedTheEnd().join();
    } catch (RuntimeException e) {
      // The actor closed between the check and the call.
      return streamProcessor.isClosed() || streamProcessor.isFailed();
    }
  }

  private static void pause(long deadline, String state) throws InterruptedException, TimeoutException {
    if (System.nanoTime() >= deadline) {
      throw new TimeoutException("The embedded engine did not become " + state + " in time");
    }
    LockSupport.parkNanos(GRACE.toNanos());
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }
}
