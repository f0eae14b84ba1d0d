package dev.openlines.bench;

import dev.openlines.harness.OpenLinesHttp;
import dev.openlines.harness.PackagedApp;
import dev.openlines.workflow.embedded.EngineTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole application driven through HTTP, from outside: the packaged jar as a child JVM on a fresh data
 * directory per rate step, 200 operators online on one EVENLY channel (no chat limit, 12 h idle time, so every
 * offer stays where it landed), and an open-loop driver: at a fixed rate, regardless of how the server keeps up,
 * a new visitor starts a live chat and sends a first message. Time to offer = the offer's {@code offeredAt} (the
 * server's clock, written with the offer) minus the instant just before the visitor's message POST (this JVM's
 * clock: the same machine clock). Offers are found by polling the 200 operators' inboxes; that poll's cycle time is
 * reported as the detection resolution, and its load is part of what the server carries.
 *
 * <p>Also: the raw engine's one-task rate in the same run (as {@link OneTaskRateBench}), CPU-seconds per
 * conversation and peak RSS of the child (from /proc), store file growth per 1,000 conversations, and a drain
 * variant: operators at their limit, conversations waiting, K operators close at once, time until each freed slot
 * is offered the next waiting conversation.
 *
 * <p>Arguments (key=value, all optional): rates=10,25,50,100 seconds=60 operators=200 settle=60
 * port=8104 jvm=-Xmx1g,-XX:+UseG1GC (comma-separated) raw=true drain=true drainOperators=10 drainK=3 drainWarmUp=5 drainRounds=10
 * retryFor=0 (seconds a refused visitor keeps sending again after each Retry-After, as the widget does; time to offer then
 * counts from his first try) steps=true prefillClosed=0 prefillOpen=0 prefillRate=15 (shared app only: that many closed conversations copied
 * into the store, then that many left open, before the steps; see {@link PrefilledStore}). Needs the packaged jar: {@code mvn -B -o package -DskipTests} first.
 */
public final class HttpRouteBench {

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new java.util.HashMap<>(BenchArgs.parse(args).values());
    BenchArgs arguments = new BenchArgs(a);
    int[] rates = Arrays.stream(a.getOrDefault("rates", "10,25,50,100").split(",")).mapToInt(Integer::parseInt).toArray();
    int seconds = arguments.integer("seconds", 60);
    int operators = arguments.integer("operators", 200);
    int settle = arguments.integer("settle", 60);
    int port = arguments.integer("port", 8104);
    List<String> jvm = List.of(a.getOrDefault("jvm", "-Xmx1g,-XX:+UseG1GC").split(","));
    Settings settings = new Settings(settle, port, jvm, Duration.ofSeconds(arguments.integer("retryFor", 0)));

    System.out.println(Machine.describe(jvm));
    if (arguments.bool("raw", true)) {
      rawEngineRateReport();
    }
    List<StepResult> results = new ArrayList<>();
    boolean fresh = arguments.bool("fresh", false);
    PackagedApp shared = fresh ? null : startApp(settings, "all-steps");
    try {
      OpenLinesHttp sharedHttp = shared == null ? null : new OpenLinesHttp(shared.baseUrl(), Duration.ofSeconds(60));
      Setup.Operators sharedOperators = shared == null ? null : Setup.operators(sharedHttp, "op-", operators);
      int prefillClosed = arguments.integer("prefillClosed", 0);
      int prefillOpen = arguments.integer("prefillOpen", 0);
      if (shared != null && prefillClosed > 0) {
        PrefilledStore.addClosedConversations(shared, sharedHttp, prefillClosed);
        for (String key : sharedOperators.keys()) {
          sharedHttp.goOnline(key);
        }
      }
      if (shared != null && prefillOpen > 0) {
        // Conversations that stay open (offered, 12 h idle time) while the measured steps run.
        int rate = arguments.integer("prefillRate", 15);
        StepResult prefill = RateStep.run(settings, shared, sharedHttp, sharedOperators, rate, Math.max(1, prefillOpen / rate),
            "prefill");
        System.out.println("PREFILL open conversations: " + prefill.line());
      }
      if (arguments.bool("steps", true)) {
        for (int rate : rates) {
          StepResult result;
          if (fresh) {
            try (PackagedApp app = startApp(settings, "rate-" + rate)) {
              OpenLinesHttp http = new OpenLinesHttp(app.baseUrl(), Duration.ofSeconds(60));
              result = RateStep.run(settings, app, http, Setup.operators(http, "op-", operators), rate, seconds);
            }
          } else {
            result = RateStep.run(settings, shared, sharedHttp, sharedOperators, rate, seconds);
          }
          results.add(result);
          System.out.println(result.line());
        }
        System.out.println("\n| new conversations/s | accepted | offered | not offered after +" + settle
            + " s | p50 / p99 time to offer | p99 seen on the operator stream | CPU-s/conv | peak RSS | store MB/1,000 conv | load |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        results.forEach(r -> System.out.println(r.row()));
      }
      if (arguments.bool("drain", true)) {
        try (PackagedApp drainApp = fresh ? startApp(settings, "drain") : null) {
          OpenLinesHttp http = fresh ? new OpenLinesHttp(drainApp.baseUrl(), Duration.ofSeconds(60)) : sharedHttp;
          System.out.println(DrainStep.run(http, arguments.integer("drainOperators", 10), arguments.integer("drainK", 3),
              arguments.integer("drainWarmUp", 5), arguments.integer("drainRounds", 10)));
        }
      }
    } finally {
      if (shared != null) {
        shared.close();
      }
    }
  }

  /** The packaged app on a fresh data directory under target/bench-http. */
  static PackagedApp startApp(Settings settings, String name) throws Exception {
    Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "bench-http")), name + "-");
    PackagedApp app = PackagedApp.on(dataDir, settings.port(), settings.jvm(), List.of());
    Duration startup = app.start(Duration.ofMinutes(20));
    System.out.printf("%s app UP in %d s (pid %d, data %s), load %s%n", Instant.now(), startup.toSeconds(), app.pid(), dataDir,
        Machine.loadAverage());
    return app;
  }

  /** @param retryFor how long a visitor refused with a Retry-After keeps sending his message again, as the widget does (0: never) */
  record Settings(int settleSeconds, int port, List<String> jvm, Duration retryFor) {}

  /** The raw rate, or why there is none: on a machine at load 30 the engine's first deployment can time out. */
  static void rawEngineRateReport() {
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        System.out.printf("RESULT raw engine one-task rate (median of 3 x 10 s, same machine, before the steps): %.0f/s, load %s%n",
            rawEngineRate(), Machine.loadAverage());
        return;
      } catch (Exception e) {
        System.out.printf("raw engine attempt %d failed: %s%n", attempt, e);
      }
    }
  }

  /**
   * One-task instances per second on OpenLines' embedded engine in this JVM, with the application's default
   * state store: median of three 10 s windows.
   */
  static double rawEngineRate() throws Exception {
    try (BenchEngine engine = BenchEngine.start(new BenchArgs(Map.of()), 1_000)) {
      engine.deploy(EngineTestSupport.oneTask());
      try (RateDriver driver = new RateDriver(engine, 100)) {
        driver.measure(Duration.ofSeconds(10));
        double[] rates = {driver.measure(Duration.ofSeconds(10)), driver.measure(Duration.ofSeconds(10)),
            driver.measure(Duration.ofSeconds(10))};
        Arrays.sort(rates);
        return rates[1];
      }
    }
  }

  /** Latency figures of one step. */
  record StepResult(int rate, int seconds, int accepted, int refused, int acceptedAfterRetry, int offered, int notOffered,
      double p50, double p99,
      double p99Detected, long streamReconnects, double cpuPerConversation, long peakRssMb, double storeMbPer1000,
      String load, String backlog) {

    String line() {
      return String.format(
          "RESULT step rate=%d/s for %d s: accepted=%d refused=%d acceptedAfterRetry=%d offered=%d notOffered=%d p50=%.0f ms p99=%.0f ms"
              + " p99detected=%.0f ms streamReconnects=%d cpu/conv=%.3f s peakRss=%d MB store=%.1f MB/1000 load=%s backlog=%s",
          rate, seconds, accepted, refused, acceptedAfterRetry, offered, notOffered, p50, p99, p99Detected, streamReconnects, cpuPerConversation,
          peakRssMb, storeMbPer1000, load, backlog);
    }

    String row() {
      return String.format("| %d | %d | %d | %d | %s / %s | %s | %.3f | %d MB | %.1f MB | %s |",
          rate, accepted, offered, notOffered, ms(p50), ms(p99), ms(p99Detected), cpuPerConversation, peakRssMb,
          storeMbPer1000, load);
    }

    private static String ms(double millis) {
      return Double.isNaN(millis) ? "-" : millis < 1_000 ? String.format("%.0f ms", millis) : String.format("%.1f s", millis / 1_000);
    }
  }

  /** One open-loop rate step on a fresh application. */
  static final class RateStep {

    /** A new channel "bench-<rate>" over the operators, so offers of earlier steps on a shared app are not counted. */
    static StepResult run(Settings settings, PackagedApp app, OpenLinesHttp http, Setup.Operators operators, int rate,
        int seconds) throws Exception {
      return run(settings, app, http, operators, rate, seconds, String.valueOf(rate));
    }

    static StepResult run(Settings settings, PackagedApp app, OpenLinesHttp http, Setup.Operators operators, int rate,
        int seconds, String name) throws Exception {
      String connector = "chat-" + name;
      Setup.line(http, "bench-" + name, connector, operators, Duration.ofHours(12), null);
      List<String> keys = operators.keys();
      double cpuBefore = app.cpuSeconds();
      long storeBefore = app.storeBytes();

      try (OfferWatcher watcher = new OfferWatcher(http, app.baseUrl(), keys);
          Arrivals arrivals = new Arrivals(http, connector, settings.retryFor())) {
        watcher.start();
        String load = Machine.loadAverage();
        Instant end = Instant.now().plusSeconds(seconds);
        arrivals.start(rate, seconds);
        StringBuilder backlog = new StringBuilder();
        Instant nextReport = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(end)) {
          Bench.pause(Duration.ofMillis(200));
          if (Instant.now().isAfter(nextReport)) {
            int pending = arrivals.accepted().size() - watcher.offeredCount(arrivals.accepted().keySet());
            backlog.append(pending).append(' ');
            System.out.printf("  t+%ds accepted=%d offered=%d backlog=%d rss=%d MB cpu=%.0f s load=%s%n",
                seconds - Duration.between(Instant.now(), end).toSeconds(), arrivals.accepted().size(),
                watcher.offeredCount(arrivals.accepted().keySet()), pending, app.rssMb(), app.cpuSeconds() - cpuBefore,
                Machine.loadAverage());
            nextReport = nextReport.plusSeconds(10);
          }
        }
        arrivals.stopScheduling();
        Instant settleEnd = Instant.now().plusSeconds(settings.settleSeconds());
        while (Instant.now().isBefore(settleEnd)
            && (arrivals.inFlight() > 0 || watcher.offeredCount(arrivals.accepted().keySet()) < arrivals.accepted().size())) {
          Bench.pause(Duration.ofMillis(500));
        }
        double cpu = app.cpuSeconds() - cpuBefore;
        long storeGrowth = app.storeBytes() - storeBefore;
        Map<String, Instant> accepted = arrivals.accepted();
        List<Double> toOffer = new ArrayList<>();
        List<Double> detected = new ArrayList<>();
        accepted.forEach((conversation, postedAt) -> {
          OfferWatcher.Seen seen = watcher.seen(conversation);
          if (seen != null) {
            toOffer.add(Duration.between(postedAt, seen.offeredAt()).toNanos() / 1e6);
            detected.add(Duration.between(postedAt, seen.firstSeen()).toNanos() / 1e6);
          }
        });
        int offered = toOffer.size();
        return new StepResult(rate, seconds, accepted.size(), arrivals.refused(), arrivals.acceptedAfterRetry(), offered, accepted.size() - offered,
            Bench.percentile(toOffer, 50), Bench.percentile(toOffer, 99), Bench.percentile(detected, 99), watcher.reconnects(),
            offered == 0 ? Double.NaN : cpu / offered, app.peakRssMb(),
            accepted.isEmpty() ? 0 : storeGrowth / 1e6 * 1000 / accepted.size(), load, backlog.toString().trim());
      }
    }
  }

  /**
   * Open-loop visitors: one arrival every 1/rate s, each on its own virtual thread, whatever the server's pace. A
   * visitor refused with a {@code retryAfterSeconds} sends the same message again after it, as the widget does,
   * until {@code retryFor} after his first try; his time to offer counts from that first try.
   */
  static final class Arrivals implements AutoCloseable {
    private final OpenLinesHttp http;
    private final String connectorId;
    private final Duration retryFor;
    private final AtomicInteger acceptedAfterRetry = new AtomicInteger();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService visitors = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Instant> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();

    Arrivals(OpenLinesHttp http, String connectorId, Duration retryFor) {
      this.http = http;
      this.connectorId = connectorId;
      this.retryFor = retryFor;
    }

    void start(int rate, int seconds) {
      long period = 1_000_000_000L / rate;
      long arrivals = (long) rate * seconds;
      AtomicInteger scheduled = new AtomicInteger();
      clock.scheduleAtFixedRate(() -> {
        if (scheduled.incrementAndGet() > arrivals) {
          return;
        }
        inFlight.incrementAndGet();
        visitors.submit(this::visit);
      }, 0, period, TimeUnit.NANOSECONDS);
    }

    private void visit() {
      int n = sequence.incrementAndGet();
      try {
        OpenLinesHttp.Answer chat = http.startChat(connectorId, "Visitor " + n);
        if (!chat.ok()) {
          refused.incrementAndGet();
          return;
        }
        Instant posted = Instant.now();
        Instant giveUp = posted.plus(retryFor);
        OpenLinesHttp.Answer sent = http.sendAsVisitor(chat.text("token"), "first", "Hello, I need help with order " + n);
        boolean retried = false;
        for (long wait = retryAfterSeconds(sent); wait > 0 && Instant.now().plusSeconds(wait).isBefore(giveUp);
            wait = retryAfterSeconds(sent)) {
          Thread.sleep(Duration.ofSeconds(wait)); // the visitor's page waits as told, then sends the same message again
          retried = true;
          sent = http.sendAsVisitor(chat.text("token"), "first", "Hello, I need help with order " + n);
        }
        if (sent.ok()) {
          accepted.put(sent.text("conversationId"), posted);
          if (retried) {
            acceptedAfterRetry.incrementAndGet();
          }
        } else {
          refused.incrementAndGet();
        }
      } catch (Exception e) {
        refused.incrementAndGet();
      } finally {
        inFlight.decrementAndGet();
      }
    }

    /** The wait a refusal names; 0 for an acceptance or a refusal that names none. */
    private static long retryAfterSeconds(OpenLinesHttp.Answer answer) {
      return answer.ok() ? 0 : answer.body().path("retryAfterSeconds").asLong(0);
    }

    void stopScheduling() {
      clock.shutdownNow();
    }

    Map<String, Instant> accepted() {
      return accepted;
    }

    int refused() {
      return refused.get();
    }

    int acceptedAfterRetry() {
      return acceptedAfterRetry.get();
    }

    int inFlight() {
      return inFlight.get();
    }

    @Override
    public void close() {
      clock.shutdownNow();
      visitors.shutdownNow();
    }
  }
}
