package dev.openlines.bench;

import dev.openlines.workflow.embedded.EmbeddedZeebeEngine;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Benchmark (b): conversation-like instances (6 service tasks, a DMN task, an event-based gateway
 * on a message published with a 10 s TTL) at a fixed rate for a long time, printing heap after a
 * full GC every minute. Pass: heap after GC at the last minute <= 1.5x its value at minute 2.
 *
 * <p>Arguments (key=value, optional): rate=50 minutes=20 stock=false state=heap (or rocksdb)
 */
public final class ConversationSoakBench {

  public static void main(String[] args) throws Exception {
    BenchArgs arguments = BenchArgs.parse(args);
    int rate = arguments.integer("rate", 50);
    int minutes = arguments.integer("minutes", 20);
    if (minutes < 2) {
      throw new IllegalArgumentException("minutes must be at least 2: the check compares the last minute with minute 2");
    }
    System.out.printf(
        "%s conversation soak: engine=%s rate=%d/s minutes=%d maxHeap=%d MB%n",
        Instant.now(), BenchEngine.describe(arguments),
        rate, minutes, Runtime.getRuntime().maxMemory() >> 20);

    AtomicLong created = new AtomicLong();
    AtomicLong createFailures = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    try (BenchEngine bench = BenchEngine.start(arguments, 1_000)) {
      bench.deploy(BenchModels.conversation());
      List<JobWorker> workers = openWorkers(bench.client, completed);
      ScheduledExecutorService creator = Executors.newSingleThreadScheduledExecutor();
      long periodMicros = 1_000_000L / rate;
      creator.scheduleAtFixedRate(
          () -> {
            long n = created.incrementAndGet();
            bench
                .client
                .newCreateInstanceCommand()
                .bpmnProcessId(BenchModels.CONVERSATION)
                .latestVersion()
                .variables(
                    Map.of(
                        "conversationId", "conversation-" + n,
                        "channel", n % 3 == 0 ? "livechat" : "telegram"))
                .send()
                .whenComplete((ok, error) -> {
                  if (error != null) {
                    createFailures.incrementAndGet();
                  }
                });
          },
          0,
          periodMicros,
          TimeUnit.MICROSECONDS);

      long start = System.nanoTime();
      long[] heapAfterGc = new long[minutes + 1];
      long lastCompleted = 0;
      System.out.println("minute  created  completed  open   rate/min  heapAfterGC(MB)  log(records/KB)  state(MB)  rss(MB)");
      for (int minute = 1; minute <= minutes; minute++) {
        long due = start + TimeUnit.MINUTES.toNanos(minute);
        while (System.nanoTime() < due) {
          TimeUnit.NANOSECONDS.sleep(Math.min(due - System.nanoTime(), TimeUnit.SECONDS.toNanos(1)));
        }
        System.gc();
        heapAfterGc[minute] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long done = completed.get();
        String logFootprint = "-";
        String stateSize = "-";
        if (bench.engine instanceof EmbeddedZeebeEngine engine) {
          var footprint = engine.logFootprint();
          logFootprint = footprint.retainedRecords() + "/" + (footprint.retainedBytes() >> 10);
          // In the heap (the default) the state is part of the heap after GC; only RocksDB has a directory.
          stateSize = engine.stateDirectory() == null ? "heap" : String.valueOf(directorySize(engine.stateDirectory()) >> 20);
        }
        System.out.printf(
            "%6d  %7d  %9d  %5d  %8d  %15d  %15s  %9s  %7d%n",
            minute, created.get(), done, created.get() - done, done - lastCompleted,
            heapAfterGc[minute] >> 20, logFootprint, stateSize, residentSetMb());
        lastCompleted = done;
      }
      creator.shutdownNow();
      workers.forEach(JobWorker::close);

      double ratio = (double) heapAfterGc[minutes] / heapAfterGc[2];
      long expected = (long) rate * 60 * minutes;
      System.out.printf(
          "RESULT soak: %d created (%d expected at %d/s, %d create failures), %d completed; heap after GC minute 2 %d MB, minute %d %d MB, ratio %.2f -> %s%n",
          created.get(), expected, rate, createFailures.get(), completed.get(),
          heapAfterGc[2] >> 20, minutes, heapAfterGc[minutes] >> 20, ratio,
          ratio <= 1.5 ? "PASS (<= 1.5)" : "FAIL (> 1.5)");
      System.exit(ratio <= 1.5 ? 0 : 1);
    }
  }

  private static List<JobWorker> openWorkers(CamundaClient client, AtomicLong completed) {
    List<JobWorker> workers = new ArrayList<>();
    String[] jobs = BenchModels.CONVERSATION_JOBS;
    for (int i = 0; i < jobs.length; i++) {
      String jobType = jobs[i];
      workers.add(
          client
              .newWorker()
              .jobType(jobType)
              .handler(
                  (jobClient, job) -> {
                    var complete = jobClient.newCompleteCommand(job.getKey());
                    if (jobType.equals("bench.identify")) {
                      complete.variables(Map.of("hasContact", job.getKey() % 2 == 0));
                    }
                    complete
                        .send()
                        .whenComplete(
                            (ok, error) -> {
                              if (error != null) {
                                return;
                              }
                              if (jobType.equals("bench.offer")) {
                                // The operator answers: published with a TTL, as the application does.
                                client
                                    .newPublishMessageCommand()
                                    .messageName(BenchModels.ANSWERED_MESSAGE)
                                    .correlationKey((String) job.getVariable("conversationId"))
                                    .timeToLive(Duration.ofSeconds(10))
                                    .send();
                              } else if (jobType.equals("bench.close")) {
                                completed.incrementAndGet();
                              }
                            });
                  })
              .maxJobsActive(64)
              .streamEnabled(true)
              // If the machine starves the engine, activations answered after the client gave up are
              // lost until this timeout: keep it short so such instances resume soon.
              .timeout(Duration.ofSeconds(30))
              .requestTimeout(Duration.ofSeconds(60))
              .open());
    }
    return workers;
  }

  private static long directorySize(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long residentSetMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return -1;
  }
}
