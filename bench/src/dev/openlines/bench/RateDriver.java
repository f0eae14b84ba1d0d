package dev.openlines.bench;

import dev.openlines.workflow.embedded.EngineTestSupport;
import io.camunda.client.api.worker.JobWorker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one-service-task instances against one engine with a fixed number in flight and reports
 * completed instances per second (a job completed = its instance completed: the task is the last
 * step before the end event).
 */
final class RateDriver implements AutoCloseable {

  private final BenchEngine bench;
  private final int inFlight;
  private final Semaphore slots;
  private final AtomicLong completed = new AtomicLong();
  private final JobWorker worker;

  RateDriver(BenchEngine bench, int inFlight) {
    this.bench = bench;
    this.inFlight = inFlight;
    this.slots = new Semaphore(inFlight);
    this.worker =
        bench
            .client
            .newWorker()
            .jobType(EngineTestSupport.WORK_JOB)
            .handler(
                (jobClient, job) ->
                    jobClient
                        .newCompleteCommand(job.getKey())
                        .send()
                        .whenComplete(
                            (ok, error) -> {
                              if (error == null) {
                                completed.incrementAndGet();
                              }
                              slots.release();
                            }))
            .maxJobsActive(inFlight * 2)
            .streamEnabled(true)
            .timeout(Duration.ofMinutes(5))
            .open();
  }

  /** Instances completed per second over {@code window}; drains what is in flight afterwards. */
  double measure(Duration window) throws InterruptedException {
    long end = System.nanoTime() + window.toNanos();
    long before = completed.get();
    long started = System.nanoTime();
    while (System.nanoTime() < end) {
      if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        continue;
      }
      bench
          .client
          .newCreateInstanceCommand()
          .bpmnProcessId(EngineTestSupport.ONE_TASK)
          .latestVersion()
          .send()
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  slots.release();
                }
              });
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long done = completed.get() - before;
    // Drain: the next measurement starts with nothing in flight.
    if (!slots.tryAcquire(inFlight, 2, TimeUnit.MINUTES)) {
      throw new IllegalStateException("instances did not drain in 2 minutes");
    }
    slots.release(inFlight);
    return done / seconds;
  }

  /** Creates {@code count} instances that wait on a message forever (open state). */
  static void fillWaiting(BenchEngine bench, int count) throws InterruptedException {
    Semaphore creating = new Semaphore(200);
    AtomicLong failures = new AtomicLong();
    for (int i = 0; i < count; i++) {
      creating.acquire();
      bench
          .client
          .newCreateInstanceCommand()
          .bpmnProcessId(EngineTestSupport.WAITING)
          .latestVersion()
          .variables(Map.of("id", "waiting-" + i))
          .send()
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  failures.incrementAndGet();
                }
                creating.release();
              });
    }
    creating.acquire(200);
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " waiting instances failed to start");
    }
  }

  @Override
  public void close() {
    worker.close();
  }
}
