package dev.openlines.bench;

import dev.openlines.workflow.embedded.EngineTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Benchmark (a): one-service-task instances per second on an empty engine versus an engine with
 * 5,000 instances waiting on a message. Pass: loaded rate >= 50 % of the empty rate.
 *
 * <p>Both engines run in this JVM and are measured in alternating rounds, so load from other
 * processes on a shared machine hits both alike; the medians are compared.
 *
 * <p>Arguments (all optional, key=value): waiting=5000 rounds=5 seconds=10 inFlight=100 stock=false state=heap (or rocksdb)
 */
public final class OneTaskRateBench {

  public static void main(String[] args) throws Exception {
    BenchArgs arguments = BenchArgs.parse(args);
    int waiting = arguments.integer("waiting", 5_000);
    int rounds = arguments.integer("rounds", 5);
    Duration window = Duration.ofSeconds(arguments.integer("seconds", 10));
    int inFlight = arguments.integer("inFlight", 100);
    System.out.printf(
        "%s one-task rate bench: engine=%s waiting=%d rounds=%d window=%ss inFlight=%d%n",
        Instant.now(), BenchEngine.describe(arguments),
        waiting, rounds, window.toSeconds(), inFlight);

    try (BenchEngine empty = BenchEngine.start(arguments, 1_000);
        BenchEngine loaded = BenchEngine.start(arguments, 1_000)) {
      empty.deploy(EngineTestSupport.oneTask(), EngineTestSupport.waiting());
      loaded.deploy(EngineTestSupport.oneTask(), EngineTestSupport.waiting());
      try (RateDriver emptyDriver = new RateDriver(empty, inFlight);
          RateDriver loadedDriver = new RateDriver(loaded, inFlight)) {
        System.out.printf("warm-up: empty %.0f/s, loaded-to-be %.0f/s%n",
            emptyDriver.measure(window), loadedDriver.measure(window));

        long fillStart = System.nanoTime();
        RateDriver.fillWaiting(loaded, waiting);
        loaded.engine.waitForIdleState(Duration.ofMinutes(10));
        System.out.printf("created %d waiting instances in %.1f s%n", waiting, (System.nanoTime() - fillStart) / 1e9);

        double[] emptyRates = new double[rounds];
        double[] loadedRates = new double[rounds];
        for (int round = 0; round < rounds; round++) {
          emptyRates[round] = emptyDriver.measure(window);
          loadedRates[round] = loadedDriver.measure(window);
          System.out.printf("round %d: empty %.0f/s, with %d waiting %.0f/s%n",
              round + 1, emptyRates[round], waiting, loadedRates[round]);
        }
        double emptyMedian = median(emptyRates);
        double loadedMedian = median(loadedRates);
        double ratio = loadedMedian / emptyMedian;
        System.out.printf(
            "RESULT one-task: empty median %.0f/s, with %d waiting median %.0f/s, ratio %.2f -> %s%n",
            emptyMedian, waiting, loadedMedian, ratio, ratio >= 0.5 ? "PASS (>= 0.50)" : "FAIL (< 0.50)");
        if (empty.engine instanceof dev.openlines.workflow.embedded.EmbeddedZeebeEngine engine) {
          System.out.println("log footprint after the run (empty engine): " + engine.logFootprint());
        }
        if (ratio < 0.5) {
          System.exit(1);
        }
      }
    }
    System.exit(0);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
